/// What makes a run or an audit fail: `--fail-on`.
///
/// - `never`: exit 0 whatever happened (but still 2 and 130);
/// - `failure` (the default): only servers that could not be discovered;
/// - `drift`: those, and any drift from the baseline;
/// - `low`, `medium`, `high`: those, drift, and unsuppressed findings of
///   that severity or above (`info` findings never fail).
public enum FailOn: String, Sendable, CaseIterable, Equatable {
  case never, failure, drift, low, medium, high

  public static let defaultLevel = FailOn.failure

  /// The least severity that fails, for the finding levels.
  public var threshold: Severity? {
    switch self {
    case .low: return .low
    case .medium: return .medium
    case .high: return .high
    case .never, .failure, .drift: return nil
    }
  }

  /// Whether drift fails the run.
  public var failsOnDrift: Bool {
    threshold != nil || self == .drift
  }

  /// Whether an unsuppressed finding fails the run.
  public func fails(_ finding: Finding) -> Bool {
    guard let threshold, !finding.isSuppressed else { return false }
    return finding.severity >= threshold
  }
}

/// The exit code of a report under a `--fail-on` level.
///
/// Precedence: 130 interrupted, then 3 discovery failures (unless
/// `never`), then 1 findings or drift the level counts, then 0. Usage
/// and manifest errors (2) never reach a report.
public enum ExitPolicy {
  public static func code(
    for report: CensusReport, failOn: FailOn, honourInterruption: Bool = true
  ) -> Int32 {
    if honourInterruption, report.stoppedBy == .interrupted {
      return ExitCode.interrupted
    }
    if failOn == .never { return ExitCode.success }
    if report.servers.contains(where: { !$0.status.isDiscovered }) {
      return ExitCode.discoveryFailed
    }
    if failOn.failsOnDrift, let drift = report.drift, !drift.isEmpty {
      return ExitCode.findings
    }
    if report.findings.contains(where: failOn.fails) {
      return ExitCode.findings
    }
    return ExitCode.success
  }

  /// Why `code(for:failOn:)` is not 0, in words, or nil when it is: what a
  /// command that prints only findings says on stderr, so that an exit of
  /// 1 or 3 is never left unexplained.
  public static func reason(
    for report: CensusReport, failOn: FailOn, honourInterruption: Bool = true
  ) -> String? {
    switch code(for: report, failOn: failOn, honourInterruption: honourInterruption) {
    case ExitCode.interrupted:
      return "the run was interrupted"
    case ExitCode.discoveryFailed:
      let missed = report.servers.filter { !$0.status.isDiscovered }.count
      return "\(missed) of \(report.servers.count) servers were not discovered "
        + "(only --fail-on never lets that pass)"
    case ExitCode.findings:
      if failOn.failsOnDrift, let drift = report.drift, !drift.isEmpty {
        return "the report records drift from its baseline (--fail-on \(failOn.rawValue))"
      }
      let failing = report.findings.filter(failOn.fails).count
      return "\(failing) unsuppressed finding(s) at or above --fail-on \(failOn.rawValue)"
    default:
      return nil
    }
  }
}
