/// What one line of a server's stdout turned out to be.
///
/// The split of work with the JSON layer: this type only decides where a
/// message starts and that it is valid UTF-8 (repairing it when it is
/// not); whether the text is valid JSON, and valid JSON-RPC, is for the
/// parser to say.
enum StdoutLine: Equatable {
  /// Nothing but whitespace.
  case blank
  /// A message, from its first `{` or `[`.
  case message([UInt8])
  /// A message with text glued in front of it on the same line.
  case gluedMessage([UInt8], noise: [UInt8])
  /// Text that holds no message: a banner or a log line.
  case noise
  /// A message that is not valid UTF-8, its bad bytes replaced with
  /// U+FFFD: an answer with one bad byte in a description is still the
  /// answer, and dropping it would leave the request waiting for ever.
  case repairedMessage([UInt8])

  init(_ line: [UInt8]) {
    let start = line.firstIndex { !Self.isSpace($0) }
    guard let start else {
      self = .blank
      return
    }

    if Self.opensMessage(line, at: start) {
      self = Self.checked(Array(line[start...]))
      return
    }

    guard let brace = line.firstIndex(of: UInt8(ascii: "{")) else {
      self = .noise
      return
    }
    let begin = Self.batchStart(line, before: brace) ?? brace
    switch Self.checked(Array(line[begin...])) {
    case .message(let message):
      self = .gluedMessage(message, noise: Array(line[start..<begin]))
    case let other:
      self = other
    }
  }

  /// `{` opens an object; `[` only a batch, that is `[` then `{` or `]`,
  /// so a log line like "[INFO] ready" is noise rather than bad JSON.
  private static func opensMessage(_ line: [UInt8], at index: Int) -> Bool {
    switch line[index] {
    case UInt8(ascii: "{"):
      return true
    case UInt8(ascii: "["):
      let next = line[(index + 1)...].first { !isSpace($0) }
      return next == UInt8(ascii: "{") || next == UInt8(ascii: "]")
    default:
      return false
    }
  }

  /// The `[` of a batch right before `brace`, whitespace allowed between.
  private static func batchStart(_ line: [UInt8], before brace: Int) -> Int? {
    var index = brace - 1
    while index >= 0 && isSpace(line[index]) { index -= 1 }
    return index >= 0 && line[index] == UInt8(ascii: "[") ? index : nil
  }

  private static func checked(_ message: [UInt8]) -> StdoutLine {
    guard String(validating: message, as: UTF8.self) == nil else {
      return .message(message)
    }
    return .repairedMessage(Array(String(decoding: message, as: UTF8.self).utf8))
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C
  }
}
