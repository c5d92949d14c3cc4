/// The bytes of a manifest and its lines, for marks and caret lines.
struct SourceText {
  let bytes: [UInt8]
  /// The text split at line breaks, without them; bytes that are not
  /// UTF-8 show as U+FFFD.
  let lines: [Substring]

  init(bytes: [UInt8]) {
    self.bytes = bytes
    lines = Self.split(String(decoding: bytes, as: UTF8.self))
  }

  /// Splits at `\n`, `\r\n` and `\r`, looking at bytes, not characters,
  /// so that a 4 MiB line costs one pass.
  private static func split(_ text: String) -> [Substring] {
    var lines: [Substring] = []
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = start
    while index != utf8.endIndex {
      let byte = utf8[index]
      guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
        index = utf8.index(after: index)
        continue
      }
      lines.append(text[start..<index])
      index = utf8.index(after: index)
      if byte == UInt8(ascii: "\r"), index != utf8.endIndex,
        utf8[index] == UInt8(ascii: "\n")
      {
        index = utf8.index(after: index)
      }
      start = index
    }
    lines.append(text[start..<utf8.endIndex])
    return lines
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
