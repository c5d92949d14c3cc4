/// Gathers the diagnostics of one file, up to `ManifestErrors.limit`.
struct DiagnosticCollector {
  let path: String
  private(set) var diagnostics: [ManifestDiagnostic] = []
  private(set) var truncated = false

  init(path: String) {
    self.path = path
  }

  var isEmpty: Bool { diagnostics.isEmpty }

  /// Whether the cap is reached, so further work would be wasted.
  var isFull: Bool { truncated }

  /// Records a problem at `mark`, or at the whole file when nil.
  mutating func report(_ message: String, at mark: SourceMark?) {
    guard diagnostics.count < ManifestErrors.limit else {
      truncated = true
      return
    }
    diagnostics.append(
      ManifestDiagnostic(path: path, mark: mark, message: message))
  }

  /// The diagnostics in file order (by line, then column), rendered.
  func errors(sourceLines: [Substring]) -> ManifestErrors {
    let sorted = diagnostics.enumerated().sorted { left, right in
      let a = left.element.mark ?? SourceMark(line: 0, column: 0)
      let b = right.element.mark ?? SourceMark(line: 0, column: 0)
      if a.line != b.line { return a.line < b.line }
      if a.column != b.column { return a.column < b.column }
      return left.offset < right.offset
    }.map(\.element)
    return ManifestErrors(
      path: path, diagnostics: sorted, truncated: truncated,
      sourceLines: sourceLines)
  }
}
