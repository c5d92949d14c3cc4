/// One problem found in a manifest, pointing at the place it was found.
public struct ManifestDiagnostic: Error, Sendable, Equatable {
  /// The manifest's path as given on the command line.
  public var path: String
  /// Where the problem is; nil when it concerns the whole file.
  public var mark: SourceMark?
  /// What is wrong, in one sentence; never holds a secret's value.
  public var message: String

  public init(path: String, mark: SourceMark?, message: String) {
    self.path = path
    self.mark = mark
    self.message = message
  }

  /// `path:line:col: error: message`, then the source line and a caret
  /// under the column, as compilers print them.
  /// - Parameter sourceLines: the file's lines, without their line breaks.
  public func rendered(sourceLines: [Substring]) -> String {
    guard let mark else { return "\(path): error: \(message)" }
    let header = "\(path):\(mark.line):\(mark.column): error: \(message)"
    guard mark.line >= 1, mark.line <= sourceLines.count,
      !sourceLines[mark.line - 1].isEmpty
    else { return header }
    let line = sourceLines[mark.line - 1]
    let lead = line.prefix(max(mark.column - 1, 0))
    let padding = String(lead.map { $0 == "\t" ? "\t" : " " })
    return "\(header)\n\(line)\n\(padding)^"
  }
}
