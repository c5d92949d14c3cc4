import Foundation
import Testing

@testable import Census

/// A job of eight fixture servers run whole, and split into shards then
/// merged, through the built binary: the merged report must be the whole
/// run's report but for timings.
@Suite(.serialized) struct ShardMergeEndToEndTests {
  static let names = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
  ]

  /// The job `nightly`: `delta` is the evil fixture (findings), `golf`
  /// the clean one, the rest offer the same tools (shadowing across
  /// shards), and `retired` is disabled.
  static func manifest() -> String {
    let fixture = CensusBinary.fixture("servers/fixture_server.py")
    var text = """
      version: 1
      job: nightly
      limits: { retries: 0, concurrency: 4 }
      servers:

      """
    for name in names {
      let mode = name == "delta" ? "evil" : name == "golf" ? "clean" : "ok"
      text += """
          - name: \(name)
            command: \(CensusBinary.python)
            args: [\(fixture), \(mode)]

        """
    }
    text += """
        - name: retired
          command: nothing-here
          enabled: false
      suppressions:
        - code: MCP003
          server: alpha
          reason: alpha is the reference copy

      """
    return text
  }

  /// What must agree between two reports of the same servers.
  func essence(_ report: CensusReport) -> [String] {
    report.servers.map { server in
      let items = DiscoveryKind.allCases.map { kind in
        server.discovery.items(kind).map { Fingerprint.item($0, kind: kind) }
      }
      return [
        server.name, server.status.rawValue, server.skipReason ?? "-",
        Fingerprint.server(server) ?? "-", "\(items)",
      ].joined(separator: " ")
    } + report.findings.map {
      "\($0.code) \($0.server) \($0.item?.name ?? "-") \($0.message) "
        + "\($0.suppression ?? "-")"
    }
  }

  @Test func threeShardsMergedEqualOneWholeRun() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(Self.manifest(), to: "nightly.yaml", in: folder)
    let whole = folder.path + "/whole"
    let single = try CensusBinary.run(["run", manifest, "--out", whole, "--quiet"])
    #expect(single.status == 0, "\(single.stderr)")

    var shardReports: [String] = []
    for index in 1...3 {
      let out = folder.path + "/shard-\(index)"
      let outcome = try CensusBinary.run([
        "run", manifest, "--shard", "\(index)/3", "--out", out,
        "--format", "json", "--quiet", "--fail-on", "never",
      ])
      #expect(outcome.status == 0, "\(outcome.stderr)")
      shardReports.append(out + "/nightly.json")
      let report = try SavedReport.load(path: out + "/nightly.json")
      #expect(report.shard == Shard(index: index, count: 3))
      for server in report.servers where server.name != "retired" {
        let owner = Shard.index(of: server.name, count: 3)
        if owner == index {
          #expect(server.status != .skipped, "\(server.name)")
        } else {
          #expect(server.skipReason == "in shard \(owner) of 3")
        }
      }
    }

    let merged = folder.path + "/merged"
    let outcome = try CensusBinary.run(
      ["merge"] + shardReports.reversed()
        + ["--out", merged, "--format", "json,markdown,junit,sarif"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let expected = try SavedReport.load(path: whole + "/nightly.json")
    let actual = try SavedReport.load(path: merged + "/nightly.json")
    #expect(essence(actual) == essence(expected))
    #expect(actual.summary == expected.summary)
    #expect(actual.findings.contains { $0.code == "MCP003" && $0.server == "bravo" })
    for file in ["nightly.md", "nightly.junit.xml", "nightly.sarif"] {
      #expect(FileManager.default.fileExists(atPath: merged + "/" + file))
    }

    let drifted = try CensusBinary.run([
      "merge", shardReports[0], shardReports[1], shardReports[2],
      "--out", folder.path + "/again", "--baseline", whole + "/nightly.json",
      "--fail-on", "drift", "--format", "json",
    ])
    #expect(drifted.status == 0, "\(drifted.stderr)")
    let again = try SavedReport.load(path: folder.path + "/again/nightly.json")
    #expect(again.drift?.isEmpty == true)
  }

  @Test func aShardWithNoServerIsNotAnError() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fixture = CensusBinary.fixture("servers/fixture_server.py")
    let manifest = try CensusBinary.write("""
      version: 1
      job: tiny
      servers:
        - name: alpha
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
      """, to: "tiny.yaml", in: folder)
    let empty = Shard.index(of: "alpha", count: 2) == 1 ? 2 : 1
    let outcome = try CensusBinary.run([
      "run", manifest, "--shard", "\(empty)/2", "--out", folder.path,
      "--format", "json",
    ])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stderr.contains(
      "mcp-census: note: shard \(empty)/2 of tiny holds no server to run; "
        + "its report lists every server as skipped"))
    let report = try SavedReport.load(path: folder.path + "/tiny.json")
    #expect(report.servers.map(\.status) == [.skipped])
  }

  @Test func mergeSaysWhatIsMissing() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try CensusBinary.run([
      "merge", folder.path + "/none.json", "--out", folder.path,
    ])
    #expect(outcome.status == 2)
    #expect(outcome.stderr == "mcp-census: error: \(folder.path)/none.json: no such report\n")
    let usage = try CensusBinary.run(["merge", folder.path + "/none.json"])
    #expect(usage.status == 2)
    #expect(usage.stderr.hasPrefix(
      "mcp-census: error: merge needs --out DIR for the merged report\n"))
  }

  /// The Kubernetes Indexed Job's own command, run once per completion
  /// index through /bin/sh as the pod would, then merged.
  @Test func theIndexedJobExampleSplitsAndMergesTheJob() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(Self.manifest(), to: "nightly.yaml", in: folder)
    let example = CensusBinary.root.appendingPathComponent(
      "examples/kubernetes/indexed-job.yaml").path
    let command = try CensusBinary.runProgram(CensusBinary.python, [
      CensusBinary.fixture("examples/check_examples.py"), "indexed-command", example,
    ])
    #expect(command.status == 0, "\(command.stderr)")
    let script = command.stdout
      .replacingOccurrences(of: "/etc/mcp-census/nightly.yaml", with: manifest)
      .replacingOccurrences(of: "/reports", with: folder.path)
    let bin = CensusBinary.root.appendingPathComponent(".build/debug").path
    var reports: [String] = []
    for index in 0..<4 {
      let outcome = try CensusBinary.runProgram("/bin/sh", ["-c", script], environment: [
        "JOB_COMPLETION_INDEX": "\(index)",
        "PATH": "\(bin):\(CensusBinary.venv)/bin:/usr/bin:/bin",
      ])
      #expect(outcome.status == 0, "\(outcome.stderr)")
      reports.append(folder.path + "/shard-\(index + 1)/nightly.json")
    }
    let merged = try CensusBinary.run(
      ["merge"] + reports + ["--out", folder.path + "/merged", "--format", "json"])
    #expect(merged.status == 0, "\(merged.stderr)")
    let report = try SavedReport.load(path: folder.path + "/merged/nightly.json")
    #expect(report.summary.ok == 8)
    #expect(report.summary.skipped == 1)
  }
}
