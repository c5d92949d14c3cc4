import Foundation
import Testing
@testable import Census

/// Failures and the pool, through the built binary and real processes.
@Suite struct FailureTests {
  let fixture = CensusBinary.fixture("servers/fixture_server.py")

  func manifest(_ servers: String, limits: String = "") -> String {
    """
    version: 1
    job: e2e
    limits: { retry_delay: 10ms\(limits) }
    servers:
    \(servers)
    """
  }

  func runManifest(
    _ text: String, extra: [String] = []
  ) throws -> (CensusBinary.Outcome, JSONValue?) {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try CensusBinary.write(text, to: "job.yaml", in: folder)
    let outcome = try CensusBinary.run(["run", path, "--out", folder.path] + extra)
    let report = try? CensusBinary.report(at: folder.appendingPathComponent("e2e.json").path)
    return (outcome, report)
  }

  @Test func aMissingProgramFailsAtOnceUnretried() throws {
    let (outcome, report) = try runManifest(manifest("""
        - name: ghost
          command: no-such-mcp-server-anywhere
      """, limits: ", retries: 3"))
    #expect(outcome.status == 3)
    let ghost = try #require(report?["servers"]?[0])
    #expect(ghost["status"] == .string("failed"))
    #expect(ghost["attempts"]?.arrayValue?.count == 1)
    #expect(ghost["error"]?["kind"] == .string("spawnFailed"))
    let message = ghost["error"]?["message"]?.stringValue ?? ""
    #expect(message.contains("no-such-mcp-server-anywhere"))
    #expect(outcome.stderr.contains("ghost: failed"))
  }

  @Test func aServerThatExitsHasItsCodeAndStderrInTheReport() throws {
    let (outcome, report) = try runManifest(manifest("""
        - name: broken
          command: \(CensusBinary.python)
          args: [\(fixture), exit, --code, "4"]
      """, limits: ", retries: 1"))
    #expect(outcome.status == 3)
    let broken = try #require(report?["servers"]?[0])
    #expect(broken["status"] == .string("failed"))
    #expect(broken["error"]?["kind"] == .string("exited"))
    #expect(broken["error"]?["exitCode"] == .number("4"))
    #expect(broken["attempts"]?.arrayValue?.count == 2)
    let tail = broken["stderrTail"]?.stringValue ?? ""
    #expect(tail.contains("OPENAI_API_KEY is not set"))
    // The summary line says why without --verbose: the server's last word.
    #expect(outcome.stderr.contains(
      "; its stderr ends: fixture: OPENAI_API_KEY is not set; cannot start"),
      "\(outcome.stderr)")
  }

  @Test func retriesACrashingServerUntilItComesUp() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let (outcome, report) = try runManifest(manifest("""
        - name: flaky
          command: \(CensusBinary.python)
          args: [\(fixture), crash-until, --times, "2", --state, \(state.path)]
      """, limits: ", retries: 3"))
    #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
    let flaky = try #require(report?["servers"]?[0])
    #expect(flaky["status"] == .string("ok"))
    let attempts = flaky["attempts"]?.arrayValue ?? []
    #expect(attempts.count == 3)
    #expect(attempts.map { $0["error"]?["kind"] } == [.string("exited"), .string("exited"), nil])
  }

  @Test(arguments: [2, 4])
  func realProcessesReachTheConcurrencyLimitAndNeverExceedIt(limit: Int) throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let servers = (0..<(limit * 3)).map { index in
      """
        - name: s\(index)
          command: \(CensusBinary.python)
          args: [\(fixture), barrier, --limit, "\(limit)", --state, \(state.path)]
      """
    }.joined(separator: "\n")
    let (outcome, _) = try runManifest(manifest(servers, limits: ", concurrency: \(limit)"))
    #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
    let seen = try FileManager.default.contentsOfDirectory(atPath: state.path)
      .filter { $0.hasPrefix("seen-") }
      .map { try String(contentsOfFile: state.path + "/" + $0, encoding: .utf8) }
      .compactMap { Int($0) }
    #expect(seen.count == limit * 3)
    #expect(seen.max() == limit)
  }

  @Test func exitCodesForUsageAndManifestErrors() throws {
    let noArguments = try CensusBinary.run([])
    #expect(noArguments.status == 2)
    let unknown = try CensusBinary.run(["run", "x.yaml", "--bogus"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("unknown option '--bogus'"))
    #expect(unknown.stderr.contains("usage: mcp-census run"))
    let missing = try CensusBinary.run(["run", "x.yaml", "--out"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("option '--out' needs a value (DIR)"))
  }

  @Test func selectingNoServerIsAnError() throws {
    let (outcome, report) = try runManifest(manifest("""
        - name: a
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
          tags: [x]
      """), extra: ["--tag", "nothing-has-this"])
    #expect(outcome.status == 2)
    #expect(report == nil)
    #expect(outcome.stderr.contains("selects no server to run"))
  }

  @Test func outDashStreamsTheJSONReportToStdout() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try CensusBinary.write(manifest("""
        - name: a
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
        - name: b
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
          enabled: false
      """), to: "job.yaml", in: folder)
    let outcome = try CensusBinary.run(["run", path, "--out", "-", "--quiet"])
    #expect(outcome.status == 0)
    #expect(outcome.stderr.isEmpty)
    let report = try JSONParser.parse(outcome.stdout)
    #expect(report["servers"]?.arrayValue?.map { $0["status"] }
      == [.string("ok"), .string("skipped")])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["job.yaml"])
  }
}

/// Output problems are found before any server runs.
extension FailureTests {
  func okManifest(in folder: URL, job: String = "e2e", name: String = "job.yaml") throws
    -> String
  {
    try CensusBinary.write("""
      version: 1
      job: \(job)
      servers:
        - name: a
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
      """, to: name, in: folder)
  }

  @Test func anEmptyFormatListIsAUsageError() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try CensusBinary.run(["run", try okManifest(in: folder), "--format", ""])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("unknown format ''"))
  }

  @Test func outDashStreamsTheOneFormatAskedFor() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try okManifest(in: folder)
    let markdown = try CensusBinary.run(["run", path, "--out", "-", "--format", "markdown"])
    #expect(markdown.status == 0)
    #expect(markdown.stdout.hasPrefix("# mcp-census report: e2e"))
    let two = try CensusBinary.run(["run", path, "--out", "-", "--format", "json,sarif"])
    #expect(two.status == 2)
    #expect(two.stderr.contains("--out - streams one report; give one --format"))
  }

  @Test func twoManifestsOfOneJobWouldCollide() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try okManifest(in: folder)
    let second = try okManifest(in: folder, name: "copy.yaml")
    let outcome = try CensusBinary.run(["run", first, second, "--out", folder.path])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("both name job 'e2e'"))
  }

  @Test func anUnwritableOutputIsFoundBeforeAnythingRuns() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let blocker = try CensusBinary.write("not a folder", to: "blocker", in: folder)
    let outcome = try CensusBinary.run(["run", try okManifest(in: folder), "--out", blocker])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("cannot write reports to \(blocker)"))
  }

  @Test func anUnreadablePreviousReportIsAnErrorNotAFreshStart() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try CensusBinary.write("garbage", to: "e2e.json", in: folder)
    let outcome = try CensusBinary.run([
      "run", try okManifest(in: folder), "--out", folder.path, "--baseline", "previous",
    ])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("--baseline previous:"))
    let kept = try String(contentsOf: folder.appendingPathComponent("e2e.json"), encoding: .utf8)
    #expect(kept == "garbage")
  }
}
