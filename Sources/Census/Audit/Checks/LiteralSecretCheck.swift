/// MCP011: a value in the manifest's `headers`, `env` or `args` that
/// looks like a credential and was written literally instead of through
/// `${VAR}`, so it sits in the manifest file (and its history).
///
/// The value is never shown: the finding names the key and a hint such
/// as `sk-…, 51 characters`.
struct LiteralSecretCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP011", severity: .high, name: "literal-secret",
    title: "A secret-looking value is written in the manifest")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    report.servers.flatMap { server in
      server.manifestFacts.literalSecrets.map { secret in
        Self.rule.finding(
          server.name,
          message: "\(secret.location) holds a literal secret-looking value; "
            + "write it as ${VARIABLE} and set the variable where the job runs",
          evidence: "\(secret.location): \(secret.hint)")
      }
    }
  }
}
