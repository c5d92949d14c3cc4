/// A finding code with its fixed severity and a one-line title: what the
/// README table, SARIF rules and JUnit failure types show.
public struct AuditRule: Sendable, Equatable {
  public var code: String
  public var severity: Severity
  /// A short name, such as `hidden-instructions`.
  public var name: String
  public var title: String

  public init(code: String, severity: Severity, name: String, title: String) {
    self.code = code
    self.severity = severity
    self.name = name
    self.title = title
  }

  /// A finding of this rule.
  func finding(
    _ server: String, item: ItemReference? = nil, message: String,
    evidence: String? = nil
  ) -> Finding {
    Finding(
      code: code, severity: severity, server: server, item: item,
      message: message, evidence: evidence)
  }
}

/// One check: reads a report and says what it found. Checks see only the
/// report, so `mcp-census audit` gets the same findings offline.
protocol AuditCheck: Sendable {
  var rules: [AuditRule] { get }
  func findings(in report: CensusReport) -> [Finding]
}

extension AuditCheck {
  /// The servers whose discovery answered, the only ones with items: a
  /// view of the report's servers, indexed as they are, not a copy (the
  /// checks run side by side, and a copy each cost a large job's peak).
  func discovered(_ report: CensusReport) -> LazyFilterSequence<[ServerRecord]> {
    report.servers.lazy.filter { $0.status == .ok || $0.status == .partial }
  }
}
