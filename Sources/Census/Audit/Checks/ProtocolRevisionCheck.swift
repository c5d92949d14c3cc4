/// MCP009: a negotiated protocol revision older than 2025-03-26, the
/// first with tool annotations and the authorization framework.
struct ProtocolRevisionCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP009", severity: .low, name: "outdated-protocol-revision",
    title: "The protocol revision is older than 2025-03-26")

  static let oldestCurrent = "2025-03-26"

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    Array(discovered(report).compactMap { server -> Finding? in
      guard let revision = server.discovery.protocolVersion,
        revision < Self.oldestCurrent
      else { return nil }
      return Self.rule.finding(
        server.name,
        message: "server speaks protocol revision "
          + "\(Evidence.visible(revision)), older than \(Self.oldestCurrent)",
        evidence: Evidence.excerpt(revision))
    })
  }
}
