import Foundation
import Testing

@testable import Census

/// `schemas/`: every example manifest matches the manifest schema, and
/// the report schema is strict enough to refuse a broken report. (Every
/// report the end-to-end tests write is checked in `CensusBinary.run`.)
@Suite struct SchemaTests {
  func validate(_ kind: String, _ paths: [String]) throws -> CensusBinary.Outcome {
    try CensusBinary.runProgram(
      CensusBinary.python, [CensusBinary.fixture("schemas/validate.py"), kind] + paths)
  }

  @Test func everyManifestUnderManifestsMatchesTheSchema() throws {
    let folder = CensusBinary.root.appendingPathComponent("manifests").path
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    #expect(!names.isEmpty)
    let valid = CensusBinary.fixture("manifests/valid")
    let fixtures = try FileManager.default.contentsOfDirectory(atPath: valid)
      .filter { $0.hasSuffix(".yaml") }.map { valid + "/" + $0 }
    let outcome = try validate("manifest", names.map { folder + "/" + $0 } + fixtures)
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
  }

  @Test func theExampleManifestNamesItsSchemaForEditors() throws {
    let text = try String(
      contentsOf: CensusBinary.root.appendingPathComponent("manifests/example.yaml"),
      encoding: .utf8)
    #expect(text.hasPrefix(
      "# yaml-language-server: $schema=../schemas/manifest.schema.json\n"))
  }

  @Test(arguments: [
    ("unknown key", "servers:\n  - name: a\n    comand: x\n"),
    ("command and url", "servers:\n  - name: a\n    command: x\n    url: https://x\n"),
    ("bad duration", "limits: { timeout: 30 seconds }\nservers:\n  - name: a\n    command: x\n"),
    ("no servers", "servers: []\n"),
  ])
  func theManifestSchemaRefusesBrokenManifests(_ what: String, body: String) throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try CensusBinary.write("version: 1\njob: j\n" + body, to: "m.yaml", in: folder)
    let outcome = try validate("manifest", [path])
    #expect(outcome.status == 1, "\(what): \(outcome.stdout)")
  }

  /// A written report with one thing broken must fail the schema.
  @Test(arguments: [
    "drop summary", "drop server status", "bad status", "extra member",
    "bad fingerprint", "drop finding severity", "bad shard",
  ])
  func theReportSchemaRefusesBrokenReports(_ breakage: String) throws {
    var report = CensusReport(
      job: "j", description: nil, manifests: ["j.yaml"], toolVersion: "0.1.0",
      startedAt: "2026-12-03T10:00:00.000Z", finishedAt: "2026-12-03T10:00:01.000Z",
      durationMilliseconds: 1000, limits: .defaults,
      discover: DiscoveryKind.allCases, stoppedBy: nil,
      servers: [ServerRecord(
        name: "a", description: nil, tags: [], transport: "stdio", target: "a",
        mark: SourceMark(line: 3, column: 5), limits: .defaults, status: .ok)])
    report.servers[0].discovery.protocolVersion = "2025-06-18"
    report.findings = [Finding(code: "MCP008", severity: .low, server: "a", message: "m")]
    report.shard = Shard(index: 1, count: 2)
    guard case .object(var root) = report.jsonValue(),
      case .array(var servers) = root["servers"]!,
      case .object(var server) = servers[0],
      case .array(var findings) = root["findings"]!,
      case .object(var finding) = findings[0]
    else { Issue.record("not an object"); return }

    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let intact = try CensusBinary.write(
      JSONWriter(pretty: true).string(.object(root)), to: "intact.json", in: folder)
    let fine = try validate("report", [intact])
    #expect(fine.status == 0, "\(fine.stdout)\(fine.stderr)")

    switch breakage {
    case "drop summary": root["summary"] = nil
    case "drop server status": server["status"] = nil
    case "bad status": server["status"] = .string("fine")
    case "extra member": root["surprise"] = .bool(true)
    case "bad fingerprint": server["serverFingerprint"] = .string("abc")
    case "drop finding severity": finding["severity"] = nil
    default: root["shard"] = .object(["index": .integer(0), "count": .integer(2)])
    }
    servers[0] = .object(server)
    findings[0] = .object(finding)
    root["servers"] = .array(servers)
    root["findings"] = .array(findings)
    let path = try CensusBinary.write(
      JSONWriter(pretty: true).string(.object(root)), to: "broken.json", in: folder)
    let outcome = try validate("report", [path])
    #expect(outcome.status == 1, "\(breakage): \(outcome.stdout)\(outcome.stderr)")
  }
}
