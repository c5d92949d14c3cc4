/// Gathers the diagnostics of one file, up to `ManifestErrors.limit`.
struct DiagnosticCollector {
  let path: String
  private(set) var diagnostics: [ManifestDiagnostic] = []
  private(set) var truncated = false
  /// Literal secrets as written, with where their scalar starts.
  private var concealed: [(mark: SourceMark, text: String)] = []

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

  /// Hides `text`, a secret written literally in the scalar at `mark` (a
  /// header value, a url's password), in the source lines shown under
  /// diagnostics: each character becomes `*`, so the caret still lines up.
  mutating func conceal(_ text: String, at mark: SourceMark) {
    guard !text.isEmpty, !text.contains("${") else { return }
    concealed.append((mark, text))
  }

  /// The diagnostics in file order (by line, then column), rendered.
  func errors(sourceLines: [Substring]) -> ManifestErrors {
    let sourceLines = concealing(sourceLines)
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

  /// The lines with every concealed text starred out, looked for from its
  /// scalar's column on. A text written with escapes (`\r\n`) is looked
  /// for piece by piece, between its control characters.
  private func concealing(_ lines: [Substring]) -> [Substring] {
    var lines = lines
    for (mark, text) in concealed where mark.line >= 1 && mark.line <= lines.count {
      var scalars = Array(lines[mark.line - 1].unicodeScalars)
      var position = max(mark.column - 1, 0)
      let pieces = text.unicodeScalars.split {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
      }
      for piece in pieces.map(Array.init) {
        guard let start = Self.firstIndex(of: piece, in: scalars, from: position)
        else { continue }
        for index in start..<(start + piece.count) { scalars[index] = "*" }
        position = start + piece.count
      }
      lines[mark.line - 1] = Substring(String(String.UnicodeScalarView(scalars)))
    }
    return lines
  }

  private static func firstIndex(
    of piece: [Unicode.Scalar], in scalars: [Unicode.Scalar], from start: Int
  ) -> Int? {
    guard !piece.isEmpty, scalars.count - piece.count >= start else { return nil }
    return (start...(scalars.count - piece.count)).first {
      scalars[$0..<($0 + piece.count)].elementsEqual(piece)
    }
  }
}
