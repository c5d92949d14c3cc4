/// Protocol violations tolerated during one attempt, bounded and deduplicated.
///
/// A server that sends the same bad line ten thousand times yields one
/// warning with a count, not ten thousand entries.
struct WarningLog {
  static let longest = 300

  /// Distinct warnings kept word for word; later ones are only counted.
  let limit: Int
  private(set) var entries: [String] = []
  private var repeats: [Int] = []
  private var index: [String: Int] = [:]
  private var dropped = 0

  init(limit: Int = 50) {
    self.limit = limit
  }

  mutating func add(_ message: String) {
    let text = message.count > WarningLog.longest
      ? String(message.prefix(WarningLog.longest)) + "..." : message
    if let position = index[text] {
      repeats[position] += 1
      return
    }
    guard entries.count < limit else {
      dropped += 1
      return
    }
    index[text] = entries.count
    entries.append(text)
    repeats.append(1)
  }

  /// The warnings with their repeat counts and a line for any dropped.
  var summary: [String] {
    var lines = zip(entries, repeats).map { text, count in
      count > 1 ? "\(text) (\(count) times)" : text
    }
    if dropped > 0 { lines.append("\(dropped) more warnings not recorded") }
    return lines
  }

  /// Server text made safe to quote in a warning: at most `maxBytes`
  /// bytes, invalid UTF-8 as U+FFFD, control characters as `\u{1B}`.
  static func quote(_ bytes: [UInt8], maxBytes: Int = 80) -> String {
    var text = String(decoding: bytes.prefix(maxBytes), as: UTF8.self)
    if bytes.count > maxBytes {
      // The cut may split a character: drop what decoding made of it.
      while text.unicodeScalars.last == "\u{FFFD}" { text.removeLast() }
      text += "..."
    }
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029:
        result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      case 0x22, 0x5C:
        result += "\\" + String(scalar)
      default:
        result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
