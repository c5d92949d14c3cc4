/// MCP004: a description that names a tool of another server, the usual
/// way one server steers the model's use of another's tools.
///
/// Only names of four characters or more, matched as whole words, and
/// not names the server offers itself, so `get` or `run` cause no noise.
struct CrossServerReferenceCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP004", severity: .medium, name: "cross-server-reference",
    title: "A description names another server's tool")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    let servers = discovered(report)
    var findings: [Finding] = []
    for server in servers {
      let own = Set(server.discovery.items(.tools).map {
        Fingerprint.identifier($0, kind: .tools)
      })
      var foreign: [(tool: String, owner: String)] = []
      for other in servers where other.name != server.name {
        for tool in other.discovery.items(.tools) {
          let name = Fingerprint.identifier(tool, kind: .tools)
          if name.count >= 4, !own.contains(name) {
            foreign.append((name, other.name))
          }
        }
      }
      guard !foreign.isEmpty else { continue }
      for text in server.auditDescriptions {
        for (tool, owner) in foreign {
          guard let range = Self.wholeWord(tool, in: text.text) else { continue }
          findings.append(Self.rule.finding(
            server.name, item: text.item,
            message: "\(text.label) names tool '\(tool)' of server '\(owner)'",
            evidence: Evidence.excerpt(text.text, around: range)))
          break
        }
      }
    }
    return findings
  }

  /// Where `word` occurs in `text` with no name character either side.
  static func wholeWord(_ word: String, in text: String) -> Range<String.Index>? {
    func isNameCharacter(_ character: Character) -> Bool {
      character.isLetter || character.isNumber || character == "_"
        || character == "-"
    }
    var search = text.startIndex
    while let range = text[search...].firstRange(of: word) {
      let before = range.lowerBound == text.startIndex
        ? nil : text[text.index(before: range.lowerBound)]
      let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
      if !(before.map(isNameCharacter) ?? false),
        !(after.map(isNameCharacter) ?? false)
      {
        return range
      }
      search = range.upperBound
    }
    return nil
  }
}
