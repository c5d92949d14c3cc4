/// Runs every check over a report and applies its suppressions.
public enum Audit {
  static let checks: [any AuditCheck] = [
    HiddenInstructionsCheck(), InvisibleCharactersCheck(),
    DuplicateToolNameCheck(), CrossServerReferenceCheck(),
    SchemaProblemsCheck(), MissingDescriptionCheck(),
    ProtocolRevisionCheck(), PlaintextHTTPCheck(), LiteralSecretCheck(),
    DestructiveToolCheck(),
  ]

  /// Every finding code, in code order.
  public static var rules: [AuditRule] {
    checks.flatMap(\.rules).sorted { $0.code < $1.code }
  }

  /// The rule of `code`, if it is one.
  public static func rule(_ code: String) -> AuditRule? {
    rules.first { $0.code == code }
  }

  /// The findings of every check, suppressions applied, ordered by
  /// server (manifest order), then code, then item.
  public static func findings(for report: CensusReport) -> [Finding] {
    // The checks are independent; with thousands of servers they are
    // the bulk of the work left once discovery is over.
    var findings = checks.concurrentMap(grain: 1) {
      $0.findings(in: report)
    }.flatMap { $0 }
    for index in findings.indices {
      let match = report.suppressions.first { $0.matches(findings[index]) }
      findings[index].suppression = match?.reason
    }
    let order = Dictionary(
      report.servers.enumerated().map { ($0.element.name, $0.offset) },
      uniquingKeysWith: { first, _ in first })
    return findings.enumerated().sorted { lhs, rhs in
      let left = (order[lhs.element.server] ?? .max, lhs.element.code)
      let right = (order[rhs.element.server] ?? .max, rhs.element.code)
      return left != right ? left < right : lhs.offset < rhs.offset
    }.map(\.element)
  }
}

