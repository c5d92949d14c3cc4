import Testing

@testable import Census

/// `--shard I/N`: parsing, the stable split, and merging shard reports.
@Suite struct ShardTests {
  @Test(arguments: [
    ("2/4", "", 2, 4), ("1/1", "", 1, 1), ("1000/1000", "", 1000, 1000),
  ])
  func readsValidShards(text: String, _ unused: String, index: Int, count: Int) throws {
    #expect(try Shard(parsing: text) == Shard(index: index, count: count))
  }

  @Test(arguments: [
    ("0/4", "--shard 0/4: the index must be from 1 to 4"),
    ("5/4", "--shard 5/4: the index must be from 1 to 4"),
    ("1/0", "--shard 1/0: the count must be from 1 to 1000"),
    ("1/1001", "--shard 1/1001: the count must be from 1 to 1000"),
    ("2", "--shard needs I/N, such as 2/4 (shard 2 of 4), not '2'"),
    ("a/b", "--shard needs I/N, such as 2/4 (shard 2 of 4), not 'a/b'"),
    ("1/2/3", "--shard needs I/N, such as 2/4 (shard 2 of 4), not '1/2/3'"),
  ])
  func refusesInvalidShards(text: String, message: String) {
    #expect(throws: UsageError(message)) { try Shard(parsing: text) }
  }

  @Test func theSplitIsStableAndCoversEveryNameOnce() {
    // Fixed values: changing the hash would re-split every user's job.
    #expect(Shard.index(of: "alpha", count: 3) == 3)
    #expect(Shard.index(of: "charlie", count: 3) == 1)
    #expect(Shard.index(of: "bravo", count: 3) == 2)
    let names = (0..<300).map { "server-\($0)" }
    for count in [1, 2, 7, 1000] {
      for name in names {
        let owners = (1...count).filter {
          Shard(index: $0, count: count).contains(name)
        }
        #expect(owners == [Shard.index(of: name, count: count)])
      }
    }
    let sizes = Dictionary(grouping: names) { Shard.index(of: $0, count: 3) }
      .mapValues(\.count)
    #expect(sizes.values.allSatisfy { $0 > 70 }, "\(sizes)")
  }

  func report(
    job: String = "job", shard: Shard?, names: [String] = ["alpha", "bravo", "charlie"]
  ) -> CensusReport {
    let limits = Limits.defaults
    let servers = names.map { name in
      var record = ServerRecord(
        name: name, description: nil, tags: [], transport: "stdio",
        target: name, mark: SourceMark(line: 1, column: 1), limits: limits,
        status: .ok)
      if let shard, !shard.contains(name) {
        record.status = .skipped
        record.skipReason = Shard.skipReason(
          index: Shard.index(of: name, count: shard.count), count: shard.count)
      }
      return record
    }
    var report = CensusReport(
      job: job, description: nil, manifests: ["job.yaml"], toolVersion: "0.1.0",
      startedAt: "2026-12-03T10:00:0\(shard?.index ?? 0).000Z",
      finishedAt: "2026-12-03T10:01:00.000Z", durationMilliseconds: 10,
      limits: limits, discover: DiscoveryKind.allCases, stoppedBy: nil,
      servers: servers)
    report.shard = shard
    return report
  }

  func inputs(_ shards: [Int], count: Int = 3) -> [ShardMerge.Input] {
    shards.map {
      .init(path: "s\($0).json", report: report(shard: Shard(index: $0, count: count)))
    }
  }

  @Test func mergesEachServerFromItsOwnShard() throws {
    let merged = try ShardMerge.merge(inputs([3, 1, 2]))
    #expect(merged.servers.map(\.status) == [.ok, .ok, .ok])
    #expect(merged.shard == nil)
    #expect(merged.summary.ok == 3)
    #expect(merged.startedAt == "2026-12-03T10:00:01.000Z")
  }

  @Test func namesMissingAndDuplicatedShards() {
    #expect(throws: ShardMergeError(problems: [
      "shard 1/3 is given twice: s1.json and s1.json",
      "missing shard report: 2/3",
    ])) { try ShardMerge.merge(inputs([1, 1, 3])) }
    #expect(throws: ShardMergeError(problems: [
      "missing shard reports: 1/3, 3/3",
    ])) { try ShardMerge.merge(inputs([2])) }
  }

  @Test func refusesReportsOfAnotherJobOrSplit() {
    var mixed = inputs([1, 2, 3])
    mixed[1].report.job = "other"
    #expect(throws: ShardMergeError(problems: [
      "s2.json: job 'other', but s1.json is job 'job'",
    ])) { try ShardMerge.merge(mixed) }

    var split = inputs([1, 2, 3])
    split[2].report.shard = Shard(index: 3, count: 4)
    #expect(throws: ShardMergeError(problems: [
      "the reports split the job different ways: s1.json is shard 1/3, "
        + "s2.json is shard 2/3, s3.json is shard 3/4",
    ])) { try ShardMerge.merge(split) }

    var whole = inputs([1, 2, 3])
    whole[0].report.shard = nil
    #expect(throws: ShardMergeError(problems: [
      "s1.json: not a shard report (it was not written by 'run --shard I/N')",
    ])) { try ShardMerge.merge(whole) }

    var servers = inputs([1, 2, 3])
    servers[1].report = report(
      shard: Shard(index: 2, count: 3), names: ["alpha", "bravo", "delta"])
    #expect(throws: ShardMergeError(problems: [
      "s2.json: its manifest lists other servers than s1.json's "
        + "(also delta; lacking charlie)",
    ])) { try ShardMerge.merge(servers) }
  }

  /// Shards of one run share the manifests, the lists asked for, the
  /// limits and the tool; a mix of runs is not one report.
  @Test func refusesShardsOfDifferentRuns() {
    var mixed = inputs([1, 2, 3])
    mixed[1].report.limits.timeout = .seconds(1)
    mixed[1].report.discover = [.tools]
    mixed[2].report.toolVersion = "0.0.1"
    #expect(throws: ShardMergeError(problems: [
      "s2.json: its discover list, limits (a --timeout, --retries or --concurrency "
        + "of its own?) differ from s1.json's; run every shard with the same "
        + "manifest, options and mcp-census",
      "s3.json: its tool version differs from s1.json's; run every shard with the "
        + "same manifest, options and mcp-census",
    ])) { try ShardMerge.merge(mixed) }
  }

  /// A shard run with --only or --tag left some of its servers out, which
  /// no single run of the job would.
  @Test func refusesAShardThatSkippedItsOwnServer() {
    var filtered = inputs([1, 2, 3])
    let alpha = Shard.index(of: "alpha", count: 3) - 1
    filtered[alpha].report.servers[0].status = .skipped
    filtered[alpha].report.servers[0].skipReason = "not selected by --only"
    #expect(throws: ShardMergeError(problems: [
      "s\(alpha + 1).json: server 'alpha' belongs to shard \(alpha + 1)/3, which "
        + "did not run it (not selected by --only)",
    ])) { try ShardMerge.merge(filtered) }

    var disabled = inputs([1, 2, 3])
    disabled[alpha].report.servers[0].status = .skipped
    disabled[alpha].report.servers[0].skipReason = JobRunner.disabledReason
    #expect(throws: Never.self) { try ShardMerge.merge(disabled) }
  }

  @Test func refusesAServerRunByTwoShards() {
    var twice = inputs([1, 2, 3])
    let alpha = Shard.index(of: "alpha", count: 3)
    let other = alpha == 1 ? 1 : 0
    twice[other].report.servers[0].status = .ok
    twice[other].report.servers[0].skipReason = nil
    #expect(throws: ShardMergeError(problems: [
      "server 'alpha' was run by two shards: s\(alpha).json and s\(other + 1).json",
    ])) { try ShardMerge.merge(twice) }
  }

  @Test func theShardSurvivesTheJSONReport() throws {
    let written = report(shard: Shard(index: 2, count: 3))
    let read = try CensusReport(json: written.jsonValue())
    #expect(read.shard == Shard(index: 2, count: 3))
    #expect(read.servers.map(\.skipReason) == written.servers.map(\.skipReason))
  }
}
