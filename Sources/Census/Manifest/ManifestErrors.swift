/// Every problem found in one manifest, in the order of the file.
public struct ManifestErrors: Error, Sendable, Equatable {
  /// The most diagnostics one file reports before it stops looking.
  public static let limit = 20

  public var path: String
  public var diagnostics: [ManifestDiagnostic]
  /// True when more problems were found than `limit` allows to list.
  public var truncated: Bool
  /// All diagnostics rendered with source lines and carets, one after the
  /// other, ready for stderr.
  public var rendered: String

  public init(
    path: String, diagnostics: [ManifestDiagnostic], truncated: Bool,
    sourceLines: [Substring]
  ) {
    self.path = path
    self.diagnostics = diagnostics
    self.truncated = truncated
    var blocks = diagnostics.map { $0.rendered(sourceLines: sourceLines) }
    if truncated {
      blocks.append(
        "\(path): error: too many errors, stopped after \(Self.limit)")
    }
    rendered = blocks.joined(separator: "\n")
  }
}
