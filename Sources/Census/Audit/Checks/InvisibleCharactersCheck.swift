/// MCP002: zero-width, bidirectional and tag characters in a name or a
/// description: text a person reviewing the tool cannot see, or that
/// shows in another order than the model reads it.
struct InvisibleCharactersCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP002", severity: .high, name: "invisible-characters",
    title: "A name or description holds invisible or bidi characters")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    var findings: [Finding] = []
    for server in discovered(report) {
      let check = { (text: AuditText) in
        if let finding = Self.finding(in: text, server: server.name) {
          findings.append(finding)
        }
      }
      // Every character looked for is outside ASCII: an item whose text
      // is ASCII with no \u escape is not read.
      server.forEachName(of: \.mayHoldNonASCII, check)
      server.forEachDescription(of: \.mayHoldNonASCII, check)
    }
    return findings
  }

  /// The finding for one text, when it holds what this check looks for.
  private static func finding(in text: AuditText, server: String) -> Finding? {
    // One text of an item that may hold such characters can be ASCII.
    if text.text.utf8.allSatisfy({ $0 < 0x80 }) { return nil }
    let hidden = text.text.unicodeScalars.filter(Evidence.isInvisible)
    guard let first = hidden.first else { return nil }
    var points: [String] = []
    for scalar in hidden {
      let point = UntrustedText.codePoint(scalar)
      if !points.contains(point) { points.append(point) }
    }
    let index = text.text.unicodeScalars.firstIndex(of: first)!
    let start = index.samePosition(in: text.text) ?? text.text.startIndex
    return rule.finding(
      server, item: text.item,
      message: "\(text.label) holds \(hidden.count) invisible or "
        + "direction-changing character(s): "
        + points.prefix(5).joined(separator: ", "),
      evidence: Evidence.excerpt(text.text, around: start..<start))
  }
}
