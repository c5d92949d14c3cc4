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
      server.forEachItem { kind, item, reference in
        guard kind == .tools || kind == .prompts else { return }
        let text = item["description"]?.stringValue ?? ""
        guard text.allSatisfy(\.isWhitespace) else { return }
        findings.append(Self.rule.finding(
          server.name, item: reference,
          message: "\(reference.label) has no description"))
      }
    }
    return findings
  }
}
