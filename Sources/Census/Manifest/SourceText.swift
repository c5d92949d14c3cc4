/// The bytes of a manifest and its lines, for marks and caret lines.
struct SourceText {
  let bytes: [UInt8]
  /// The text split at line breaks, without them; bytes that are not
  /// UTF-8 show as U+FFFD.
  let lines: [Substring]

  init(bytes: [UInt8]) {
    self.bytes = bytes
    let text = String(decoding: bytes, as: UTF8.self)
    lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: Self.isLineBreak)
  }

  /// The line breaks of YAML; vertical tab and form feed are not among them.
  private static func isLineBreak(_ character: Character) -> Bool {
    switch character {
    case "\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": true
    default: false
    }
  }

  /// The character at `mark`, if the mark falls inside a line.
  func character(at mark: SourceMark) -> Character? {
    guard mark.line >= 1, mark.line <= lines.count else { return nil }
    let line = lines[mark.line - 1]
    guard mark.column >= 1, mark.column <= line.count else { return nil }
    return line[line.index(line.startIndex, offsetBy: mark.column - 1)]
  }

  /// The 1-based line and column of byte `offset`, columns counted in
  /// characters as libyaml counts them.
  func mark(atByte offset: Int) -> SourceMark {
    let end = min(max(offset, 0), bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    let prefix = bytes[lineStart..<end]
    let column = prefix.reduce(0) { count, byte in
      byte & 0xC0 == 0x80 ? count : count + 1
    }
    return SourceMark(line: line, column: column + 1)
  }
}
