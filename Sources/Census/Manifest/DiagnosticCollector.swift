/// Gathers the diagnostics of one file, up to `ManifestErrors.limit`.
struct DiagnosticCollector {
  let path: String
  private(set) var diagnostics: [ManifestDiagnostic] = []
  private(set) var truncated = false
  /// Literal secrets as written, with where their scalar starts.
  private var concealed: [(mark: SourceMark, text: String)] = []
  /// Where libyaml stopped reading, and whether at an unclosed quote.
  private var syntaxError: (mark: SourceMark, unclosedQuote: Bool)?

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
  /// Of a text with `${...}` references only the defaults are literal
  /// (`sk-…` in `${TOKEN:-sk-…}`), so only they are hidden.
  mutating func conceal(_ text: String, at mark: SourceMark) {
    let pieces = text.contains("${")
      ? Interpolation.defaults(in: text) ?? [text] : [text]
    for piece in pieces where !piece.isEmpty {
      concealed.append((mark, piece))
    }
  }

  /// Hides what may be a secret on the line libyaml could not read, which
  /// no scalar's concealment covers: after an unclosed quote at `mark`,
  /// the rest of the line; else the values of credential-named keys and
  /// words shaped like secrets.
  mutating func concealSyntaxError(at mark: SourceMark, unclosedQuote: Bool) {
    syntaxError = (mark, unclosedQuote)
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
  /// for piece by piece, between its control characters; a piece not
  /// found as written (an escape such as `\"` or `\u0061`, a quote
  /// doubled) stars the line from the scalar's column to its end.
  private func concealing(_ lines: [Substring]) -> [Substring] {
    var lines = lines.map { Array($0.unicodeScalars) }
    for (mark, text) in concealed where mark.line >= 1 && mark.line <= lines.count {
      var scalars = lines[mark.line - 1]
      var position = max(mark.column - 1, 0)
      let pieces = text.unicodeScalars.split { $0.isControlCharacter }
      for piece in pieces.map(Array.init) {
        guard let start = Self.firstIndex(of: piece, in: scalars, from: position)
        else {
          Self.star(&scalars, from: position)
          break
        }
        for index in start..<(start + piece.count) { scalars[index] = "*" }
        position = start + piece.count
      }
      lines[mark.line - 1] = scalars
    }
    if let (mark, unclosedQuote) = syntaxError,
      mark.line >= 1, mark.line <= lines.count
    {
      if unclosedQuote {
        Self.star(&lines[mark.line - 1], from: mark.column)
      } else {
        Self.starCredentials(in: &lines[mark.line - 1])
      }
    }
    return lines.map { Substring(String(String.UnicodeScalarView($0))) }
  }

  /// Every scalar but spaces and tabs from `start` on becomes `*`.
  private static func star(_ scalars: inout [Unicode.Scalar], from start: Int) {
    for index in scalars.indices where index >= start
      && scalars[index] != " " && scalars[index] != "\t" {
      scalars[index] = "*"
    }
  }

  /// In a line read as words (between spaces and flow indicators): what
  /// follows a `key:` whose key names a credential, and every word shaped
  /// like a secret.
  private static func starCredentials(in scalars: inout [Unicode.Scalar]) {
    let separators = " \t,[]{}".unicodeScalars
    var start = 0
    while start < scalars.count {
      guard !separators.contains(scalars[start]) else {
        start += 1
        continue
      }
      let end = scalars[start...].firstIndex { separators.contains($0) }
        ?? scalars.count
      let word = String(String.UnicodeScalarView(scalars[start..<end]))
      let isPunctuation = { (character: Character) in "\"'-?:".contains(character) }
      var bare = word.drop(while: isPunctuation)
      while let last = bare.last, isPunctuation(last) { bare = bare.dropLast() }
      if word.hasSuffix(":"), CredentialName.isCredential(String(bare)) {
        star(&scalars, from: end)
        return
      }
      if SecretShape.hint(String(bare), namedAsSecret: false) != nil {
        for index in start..<end { scalars[index] = "*" }
      }
      start = end
    }
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
