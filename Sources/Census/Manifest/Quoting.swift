/// Shows text from a manifest inside a message, shortened so that one
/// long value cannot swamp the line.
enum Quoting {
  /// Longest quoted text, in characters, before it is cut with `...`.
  static let maximumLength = 40

  /// `text` with control characters escaped, cut to `maximumLength`.
  static func short(_ text: String) -> String {
    var result = ""
    for character in text.unicodeScalars {
      if result.unicodeScalars.count >= maximumLength {
        return result + "..."
      }
      switch character {
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case _ where character.value < 0x20 || character.value == 0x7F:
        result += "\\u{\(String(character.value, radix: 16))}"
      default: result.unicodeScalars.append(character)
      }
    }
    return result
  }
}
