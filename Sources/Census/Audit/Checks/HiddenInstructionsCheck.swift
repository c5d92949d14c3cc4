/// MCP001: text addressed to the model rather than the user, hidden in a
/// description: instruction-like tags, "ignore previous instructions",
/// "do not tell the user", requests to read keys, tokens or dot files.
struct HiddenInstructionsCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP001", severity: .high, name: "hidden-instructions",
    title: "A description holds instructions aimed at the model")

  var rules: [AuditRule] { [Self.rule] }

  /// Tags models are trained to heed, opening or closing.
  private static let tags = [
    "important", "system", "instructions", "instruction", "secret", "hidden",
    "admin", "assistant", "context", "critical", "sudo",
  ]

  /// Phrases, lowercased, with what each one signals.
  private static let phrases: [(String, String)] = [
    ("ignore previous instructions", "tells the model to drop its instructions"),
    ("ignore all previous", "tells the model to drop its instructions"),
    ("ignore the above", "tells the model to drop its instructions"),
    ("disregard previous", "tells the model to drop its instructions"),
    ("disregard all prior", "tells the model to drop its instructions"),
    ("forget your instructions", "tells the model to drop its instructions"),
    ("do not tell the user", "asks the model to keep something from the user"),
    ("don't tell the user", "asks the model to keep something from the user"),
    ("do not mention", "asks the model to keep something from the user"),
    ("without telling the user", "asks the model to keep something from the user"),
    ("without informing the user", "asks the model to keep something from the user"),
    ("do not inform the user", "asks the model to keep something from the user"),
    ("the user must not know", "asks the model to keep something from the user"),
    ("~/.ssh", "asks for SSH keys"),
    ("id_rsa", "asks for an SSH private key"),
    ("id_ed25519", "asks for an SSH private key"),
    ("~/.aws", "asks for cloud credentials"),
    ("~/.cursor/mcp.json", "asks for another client's MCP configuration"),
    ("mcp.json", "asks for an MCP client configuration"),
    ("private key", "asks for a private key"),
    ("/etc/passwd", "asks for system files"),
  ]

  func findings(in report: CensusReport) -> [Finding] {
    var findings: [Finding] = []
    for server in discovered(report) {
      for text in server.auditDescriptions {
        guard let (range, why) = Self.match(in: text.text) else { continue }
        findings.append(Self.rule.finding(
          server.name, item: text.item,
          message: "\(text.label) \(why)",
          evidence: Evidence.excerpt(text.text, around: range)))
      }
    }
    return findings
  }

  /// The first suspicious span of `text` and what it signals.
  static func match(in text: String) -> (Range<String.Index>, String)? {
    let lowered = text.lowercased()
    guard lowered.count == text.count else { return nil }
    if let range = tagRange(in: lowered) {
      return (convert(range, from: lowered, to: text),
        "holds an instruction-like tag")
    }
    for (phrase, why) in phrases {
      if let range = lowered.firstRange(of: phrase) {
        return (convert(range, from: lowered, to: text), why)
      }
    }
    if let range = dotEnvRange(in: lowered) {
      return (convert(range, from: lowered, to: text),
        "asks for a .env file of secrets")
    }
    return nil
  }

  /// `<important>`, `</system>`, `< IMPORTANT >` and the like.
  private static func tagRange(in text: String) -> Range<String.Index>? {
    var search = text.startIndex
    while let open = text[search...].firstIndex(of: "<") {
      var cursor = text.index(after: open)
      while cursor < text.endIndex, text[cursor] == " " || text[cursor] == "/" {
        cursor = text.index(after: cursor)
      }
      let word = text[cursor...].prefix { $0.isLetter || $0 == "_" }
      let after = text.index(cursor, offsetBy: word.count)
      if tags.contains(String(word)), after < text.endIndex,
        text[after] == ">" || text[after] == " "
      {
        return open..<text.index(after: after)
      }
      search = text.index(after: open)
    }
    return nil
  }

  /// `.env` as a file name, not as part of a word such as `.environment`.
  private static func dotEnvRange(in text: String) -> Range<String.Index>? {
    var search = text.startIndex
    while let range = text[search...].firstRange(of: ".env") {
      let before = range.lowerBound == text.startIndex
        ? nil : text[text.index(before: range.lowerBound)]
      let after = range.upperBound == text.endIndex
        ? nil : text[range.upperBound]
      let wordBefore = before.map { $0.isLetter || $0.isNumber } ?? false
      let wordAfter = after.map { $0.isLetter || $0.isNumber } ?? false
      if !wordBefore, !wordAfter { return range }
      search = range.upperBound
    }
    return nil
  }

  /// The same span in the original text (lowercasing kept the count).
  private static func convert(
    _ range: Range<String.Index>, from lowered: String, to text: String
  ) -> Range<String.Index> {
    let start = lowered.distance(from: lowered.startIndex, to: range.lowerBound)
    let length = lowered.distance(from: range.lowerBound, to: range.upperBound)
    let lower = text.index(text.startIndex, offsetBy: start)
    return lower..<text.index(lower, offsetBy: length)
  }
}
