/// MCP008: a tool or prompt with no description: the model has only its
/// name to go by, and people reviewing it have nothing to approve.
struct MissingDescriptionCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP008", severity: .low, name: "missing-description",
    title: "A tool or prompt has no description")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    var findings: [Finding] = []
    for server in discovered(report) {
      for list in server.discovery.lists
      where list.kind == .tools || list.kind == .prompts {
        for (position, item) in list.items.enumerated() {
          // Only the description is read, and the name when one is missing.
          let text = item.string("description") ?? ""
          guard text.allSatisfy(\.isWhitespace) else { continue }
          let reference = Fingerprint.reference(item, kind: list.kind, position: position)
          findings.append(Self.rule.finding(
            server.name, item: reference,
            message: "\(reference.label) has no description"))
        }
      }
    }
    return findings
  }
}
