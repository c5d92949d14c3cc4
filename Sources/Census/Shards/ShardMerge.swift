/// Why shard reports cannot be merged: every problem found, each naming
/// the report files it concerns.
public struct ShardMergeError: Error, Equatable {
  public var problems: [String]

  public init(problems: [String]) {
    self.problems = problems
  }
}

/// Combines the reports of one job's shards into the report a single run
/// would have written.
///
/// Each server's record comes from the shard its name hashes to; the
/// summary is derived from the records, findings are recomputed over all
/// of them (so a tool name two shards both offer is still found), and
/// drift against a baseline is left to the caller, after merging.
public enum ShardMerge {
  /// A shard report and the file it came from, for messages.
  public struct Input: Sendable {
    public var path: String
    public var report: CensusReport

    public init(path: String, report: CensusReport) {
      self.path = path
      self.report = report
    }
  }

  /// The merged report, with findings recomputed and no drift.
  /// - Throws: `ShardMergeError` listing what is missing, duplicated or
  ///   inconsistent: a report of another job or manifest, a report not
  ///   written by `run --shard`, shards missing or given twice, a server
  ///   its own shard did not run.
  public static func merge(
    _ inputs: [Input]
  ) throws(ShardMergeError) -> CensusReport {
    guard let first = inputs.first else {
      throw ShardMergeError(problems: ["no shard reports to merge"])
    }
    let count = try shardCount(inputs)
    var problems = consistencyProblems(inputs, first: first)
    let byIndex = try shardsByIndex(inputs, count: count, problems: &problems)
    guard problems.isEmpty else { throw ShardMergeError(problems: problems) }

    var merged = first.report
    merged.shard = nil
    merged.drift = nil
    merged.servers = []
    for server in first.report.servers {
      let owner = byIndex[Shard.index(of: server.name, count: count)]!
      let record = owner.report.servers.first { $0.name == server.name }!
      // Only `enabled: false` skips a server in every run of the job;
      // a shard run with --only or --tag left it out of this one.
      if record.status == .skipped, record.skipReason != JobRunner.disabledReason {
        problems.append(
          "\(owner.path): server '\(server.name)' belongs to shard "
            + "\(owner.report.shard!.label), which did not run it "
            + "(\(record.skipReason ?? "skipped"))")
      }
      for other in inputs where other.path != owner.path {
        let copy = other.report.servers.first { $0.name == server.name }!
        if copy.status != .skipped {
          problems.append(
            "server '\(server.name)' was run by two shards: \(owner.path) "
              + "and \(other.path)")
        }
      }
      merged.servers.append(record)
    }
    guard problems.isEmpty else { throw ShardMergeError(problems: problems) }

    let reports = inputs.map(\.report)
    merged.startedAt = reports.map(\.startedAt).min()!
    merged.finishedAt = reports.map(\.finishedAt).max()!
    merged.durationMilliseconds = reports.map(\.durationMilliseconds).max()!
    merged.stoppedBy = reports.compactMap(\.stoppedBy)
      .first { $0 == .interrupted } ?? reports.compactMap(\.stoppedBy).first
    merged.findings = Audit.findings(for: merged)
    return merged
  }

  /// The shard count every report agrees on.
  private static func shardCount(
    _ inputs: [Input]
  ) throws(ShardMergeError) -> Int {
    var problems: [String] = []
    for input in inputs where input.report.shard == nil {
      problems.append(
        "\(input.path): not a shard report (it was not written by "
          + "'run --shard I/N')")
    }
    let counts = Set(inputs.compactMap(\.report.shard?.count))
    if counts.count > 1 {
      let listed = inputs.compactMap { input in
        input.report.shard.map { "\(input.path) is shard \($0.label)" }
      }
      problems.append(
        "the reports split the job different ways: "
          + listed.joined(separator: ", "))
    }
    guard problems.isEmpty, let count = counts.first else {
      throw ShardMergeError(problems: problems)
    }
    return count
  }

  /// Job, manifest servers and suppressions must match the first report.
  private static func consistencyProblems(
    _ inputs: [Input], first: Input
  ) -> [String] {
    var problems: [String] = []
    let names = first.report.servers.map(\.name)
    for input in inputs.dropFirst() {
      let report = input.report
      if report.job != first.report.job {
        problems.append(
          "\(input.path): job '\(report.job)', but \(first.path) is job "
            + "'\(first.report.job)'")
        continue
      }
      if report.servers.map(\.name) != names {
        problems.append(
          "\(input.path): its manifest lists other servers than "
            + "\(first.path)'s (\(serverDifference(report, names)))")
      }
      if report.suppressions != first.report.suppressions {
        problems.append(
          "\(input.path): its suppressions differ from \(first.path)'s")
      }
      // What one run has once: shards that differ here were not one run.
      let differences = [
        ("manifests", report.manifests != first.report.manifests),
        ("discover list", report.discover != first.report.discover),
        ("limits (a --timeout, --retries or --concurrency of its own?)",
          report.limits != first.report.limits),
        ("tool version", report.toolVersion != first.report.toolVersion),
      ].filter(\.1).map(\.0)
      if !differences.isEmpty {
        problems.append(
          "\(input.path): its " + differences.joined(separator: ", ")
            + (differences.count == 1 ? " differs" : " differ")
            + " from \(first.path)'s; run every shard with the same "
            + "manifest, options and mcp-census")
      }
    }
    return problems
  }

  private static func serverDifference(
    _ report: CensusReport, _ names: [String]
  ) -> String {
    let own = report.servers.map(\.name)
    let extra = own.filter { !names.contains($0) }
    let lacking = names.filter { !own.contains($0) }
    var parts: [String] = []
    if !extra.isEmpty { parts.append("also " + extra.joined(separator: ", ")) }
    if !lacking.isEmpty {
      parts.append("lacking " + lacking.joined(separator: ", "))
    }
    return parts.isEmpty ? "the same servers in another order"
      : parts.joined(separator: "; ")
  }

  /// Each shard index once, none missing.
  private static func shardsByIndex(
    _ inputs: [Input], count: Int, problems: inout [String]
  ) throws(ShardMergeError) -> [Int: Input] {
    var byIndex: [Int: Input] = [:]
    for input in inputs {
      let shard = input.report.shard!
      guard (1...count).contains(shard.index) else {
        problems.append("\(input.path): shard \(shard.label) is out of range")
        continue
      }
      if let other = byIndex[shard.index] {
        problems.append(
          "shard \(shard.label) is given twice: \(other.path) and "
            + "\(input.path)")
        continue
      }
      byIndex[shard.index] = input
    }
    let missing = (1...count).filter { byIndex[$0] == nil }
    if !missing.isEmpty {
      let labels = missing.map { "\($0)/\(count)" }
      problems.append(
        "missing shard report" + (missing.count == 1 ? "" : "s") + ": "
          + labels.joined(separator: ", "))
    }
    guard problems.isEmpty else { throw ShardMergeError(problems: problems) }
    return byIndex
  }
}
