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
    guard servers.count > 1 else { return [] }
    let index = ToolNameIndex(servers)
    var findings: [Finding] = []
    for server in servers {
      let own = Set(server.discovery.items(.tools).map {
        Fingerprint.identifier($0, kind: .tools)
      })
      guard index.hasForeignNames(besides: own) else { continue }
      server.forEachDescription { text in
        guard let match = index.firstForeign(in: text.text, own: own)
        else { return }
        let owner = servers[match.owner.server].name
        findings.append(Self.rule.finding(
          server.name, item: text.item,
          message: "\(text.label) names tool '\(match.name)' of server "
            + "'\(owner)'",
          evidence: Evidence.excerpt(text.text, around: match.range)))
      }
    }
    return findings
  }

  /// Where `word` occurs in `text` with no name character either side.
  static func wholeWord(_ word: String, in text: String) -> Range<String.Index>? {
    let isNameCharacter = ToolNameIndex.isNameCharacter
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
