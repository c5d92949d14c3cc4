/// MCP003: one tool name offered by two or more servers of a job; a
/// client may call the wrong one, or a server may shadow another's tool.
struct DuplicateToolNameCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP003", severity: .medium, name: "duplicate-tool-name",
    title: "A tool name is offered by more than one server")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    let servers = discovered(report)
    var owners: [String: [String]] = [:]
    for server in servers {
      let names = Set(server.discovery.items(.tools).map {
        Fingerprint.identifier($0, kind: .tools)
      })
      for name in names { owners[name, default: []].append(server.name) }
    }
    var findings: [Finding] = []
    for server in servers {
      var seen: Set<String> = []
      for tool in server.discovery.items(.tools) {
        let name = Fingerprint.identifier(tool, kind: .tools)
        guard seen.insert(name).inserted else { continue }
        let others = (owners[name] ?? []).filter { $0 != server.name }
        guard !others.isEmpty else { continue }
        let list = others.map { "'\($0)'" }.joined(separator: ", ")
        findings.append(Self.rule.finding(
          server.name, item: ItemReference(kind: .tools, name: name),
          message: "tool '\(name)' is also offered by server \(list)",
          evidence: Evidence.excerpt(name)))
      }
    }
    return findings
  }
}
