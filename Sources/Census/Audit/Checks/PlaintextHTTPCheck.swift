/// MCP010: a server reached over plain `http://` on a host other than
/// loopback: its traffic, credentials included, can be read on the way.
struct PlaintextHTTPCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP010", severity: .medium, name: "plaintext-http",
    title: "A server is reached over plain http:// off this machine")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    report.servers.compactMap { server in
      guard server.manifestFacts.plaintextHTTP else { return nil }
      return Self.rule.finding(
        server.name,
        message: "server is reached over plain http:// to a host that is "
          + "not loopback; use https://",
        evidence: Evidence.excerpt(server.target))
    }
  }
}
