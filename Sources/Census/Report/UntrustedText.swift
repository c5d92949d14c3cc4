/// Making text from servers safe to show: in Markdown and on a terminal.
///
/// Everything a server sends (names, descriptions, instructions, stderr)
/// may be hostile: it may try to break a table, inject HTML, links or
/// images, hide text with bidi overrides or zero-width characters, or move
/// the terminal cursor. These functions never pass such text through live;
/// invisible and control characters are shown by their code point, so a
/// reader sees that they were there.
public enum UntrustedText {
  /// Where a description is cut when the report shows its first line.
  public static let firstLineLimit = 120

  /// Inline Markdown on one line, fit for a table cell, a list item, a
  /// heading or (with `atLineStart`) a line of its own.
  ///
  /// Punctuation that means something inline is backslash-escaped, `<`,
  /// `>` and `&` become entities, line breaks become spaces and control
  /// or invisible characters become `&lt;U+202E&gt;` (shown as
  /// `<U+202E>`). Leading and trailing white space is dropped so nothing
  /// starts an indented block.
  /// - Parameter atLineStart: the text begins a line, so what would open
  ///   a block there (`-`, `+`, `=`, `1.`) is escaped as well.
  public static func markdown(
    _ text: String, atLineStart: Bool = false
  ) -> String {
    var output = ""
    output.unicodeScalars.reserveCapacity(text.utf8.count)
    var leadingDigits = atLineStart
    var recent: [Unicode.Scalar] = []
    for scalar in flattened(text).unicodeScalars {
      if atLineStart, recent.isEmpty, blockMarkers.contains(scalar) {
        output += "\\"
        output.unicodeScalars.append(scalar)
      } else if leadingDigits, !recent.isEmpty, scalar == "." {
        output += "\\."
      } else {
        appendMarkdown(scalar, after: recent, to: &output)
      }
      leadingDigits = leadingDigits
        && scalar.value >= 0x30 && scalar.value <= 0x39
      recent.append(scalar)
      if recent.count > 3 { recent.removeFirst() }
    }
    return output
  }

  /// Text for a terminal: escape sequences (ESC, CSI, OSC), other C0 and
  /// C1 controls, DEL, bidi and zero-width characters shown as `<U+001B>`
  /// instead of acting. With `keepingNewlines` false, line breaks become
  /// spaces so the text stays on one line.
  public static func terminalSafe(
    _ text: String, keepingNewlines: Bool = false
  ) -> String {
    // Printable ASCII and tabs, by far the common case, pass unchanged.
    if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) {
      return text
    }
    var output = ""
    output.unicodeScalars.reserveCapacity(text.utf8.count)
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      if scalar == "\r", pending == "\n" { continue }
      if scalar == "\n" || scalar == "\u{2028}" || scalar == "\u{2029}" {
        output.unicodeScalars.append(keepingNewlines ? "\n" : " ")
      } else if scalar == "\t" {
        output.unicodeScalars.append(scalar)
      } else if isHazard(scalar) {
        output += "<\(codePoint(scalar))>"
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// The text's first line that has anything on it, trimmed and cut to
  /// `limit` characters with an ellipsis. Not escaped.
  public static func firstLine(
    _ text: String, limit: Int = firstLineLimit
  ) -> String {
    let lines = text.split(whereSeparator: \.isNewline)
    let line = lines.first { !$0.allSatisfy(\.isWhitespace) } ?? ""
    return truncated(String(trimmed(line)), limit: limit)
  }

  /// The text cut to `limit` characters, the last one an ellipsis, when
  /// it is longer. Not escaped.
  public static func truncated(_ text: String, limit: Int) -> String {
    guard text.count > limit else { return text }
    return String(text.prefix(max(limit - 1, 0))) + "…"
  }

  /// A fenced Markdown code block holding the text literally. The fence
  /// is longer than any run of backticks inside, so nothing can close it;
  /// controls are made visible, line breaks kept.
  public static func fencedBlock(_ text: String) -> String {
    var body = terminalSafe(text, keepingNewlines: true)
    while body.hasSuffix("\n") { body.removeLast() }
    var longestRun = 0
    var run = 0
    for scalar in body.unicodeScalars {
      run = scalar == "`" ? run + 1 : 0
      longestRun = max(longestRun, run)
    }
    let fence = String(repeating: "`", count: max(3, longestRun + 1))
    return "\(fence)\n\(body)\n\(fence)"
  }

  /// Whether the scalar is a control, bidi or invisible formatting
  /// character that must not reach a reader as it is.
  public static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E: return true
    case 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB: return true
    case 0xE0000...0xE007F: return true
    default: return false
    }
  }

  /// `U+202E`: how a hazardous scalar is shown.
  static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// ASCII punctuation that means something inside a line of Markdown,
  /// GitHub's extensions (tables, strike-through, autolinks, emoji, math)
  /// included.
  private static let escapedPunctuation: Set<Unicode.Scalar> = [
    "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "!", "|", "~",
    ":", "@", "$", "^", "#",
  ]

  /// What opens a block (list, heading, rule) only at the start of a line.
  private static let blockMarkers: Set<Unicode.Scalar> = ["-", "+", "="]

  private static func appendMarkdown(
    _ scalar: Unicode.Scalar, after recent: [Unicode.Scalar],
    to output: inout String
  ) {
    switch scalar {
    case "<": output += "&lt;"
    case ">": output += "&gt;"
    case "&": output += "&amp;"
    case "\t": output += " "
    case "." where isWWW(recent):
      output += "\\."
    case _ where escapedPunctuation.contains(scalar):
      output += "\\"
      output.unicodeScalars.append(scalar)
    case _ where isHazard(scalar):
      output += "&lt;\(codePoint(scalar))&gt;"
    default:
      output.unicodeScalars.append(scalar)
    }
  }

  /// Whether the scalars before a dot spell `www`, the start of a bare
  /// link GitHub would make live.
  private static func isWWW(_ recent: [Unicode.Scalar]) -> Bool {
    recent.count == 3
      && recent.allSatisfy { $0 == "w" || $0 == "W" }
  }

  /// The text on one line: every line break a space, ends trimmed.
  private static func flattened(_ text: String) -> Substring {
    var line = ""
    line.unicodeScalars.reserveCapacity(text.utf8.count)
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      if scalar == "\r", pending == "\n" { continue }
      switch scalar {
      case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
        line.unicodeScalars.append(" ")
      default:
        line.unicodeScalars.append(scalar)
      }
    }
    return trimmed(line[...])
  }

  private static func trimmed(_ text: Substring) -> Substring {
    let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
    let end = text.lastIndex { !$0.isWhitespace }
      .map(text.index(after:)) ?? start
    return text[start..<end]
  }
}
