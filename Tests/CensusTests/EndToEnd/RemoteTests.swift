import Foundation
import Testing
@testable import Census

/// Remote entries through the built binary, against the SDK's servers.
@Suite struct RemoteTests {
  @Test func autoRecordsTheTransportItFellBackTo() throws {
    let peer = try catalogServer(["sse"])
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write("""
      version: 1
      job: remote
      servers:
        - name: legacy
          url: \(peer.url)/sse
          transport: auto
      """, to: "job.yaml", in: folder)
    let outcome = try CensusBinary.run(["run", manifest, "--out", folder.path, "--quiet"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let report = try CensusBinary.report(at: folder.appendingPathComponent("remote.json").path)
    let legacy = try #require(report["servers"]?[0])
    #expect(legacy["transport"] == .string("sse"))
    #expect(legacy["resourceTemplates"]?.arrayValue?.count == 1)
    let warnings = legacy["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
    #expect(warnings.contains { $0.contains("fell back to the 2024-11-05 HTTP+SSE transport") })
  }

  /// libcurl is loaded on first use: a job of stdio servers runs where it
  /// cannot be loaded at all, and a job with a URL stops before anything
  /// starts, saying what is missing.
  @Test func libcurlIsLoadedOnlyForURLs() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = ["MCP_CENSUS_LIBCURL": folder.path + "/no-libcurl.so.4"]
    let fixture = CensusBinary.fixture("servers/fixture_server.py")
    let local = try CensusBinary.write("""
      version: 1
      job: local
      servers:
        - name: ok
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
      """, to: "local.yaml", in: folder)
    let ran = try CensusBinary.run(
      ["run", local, "--out", folder.path, "--quiet"], environment: missing)
    #expect(ran.status == 0, "\(ran.stderr)")

    let remote = try CensusBinary.write("""
      version: 1
      job: remote
      servers:
        - name: ok
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
        - name: far
          url: http://127.0.0.1:9/mcp
      """, to: "remote.yaml", in: folder)
    // Leaving the URL out with --only is a job of stdio servers again.
    let local2 = try CensusBinary.run(
      ["run", remote, "--out", folder.path, "--quiet", "--only", "ok"],
      environment: missing)
    #expect(local2.status == 0, "\(local2.stderr)")
    try FileManager.default.removeItem(
      at: folder.appendingPathComponent("remote.json"))

    let refused = try CensusBinary.run(
      ["run", remote, "--out", folder.path, "--quiet"], environment: missing)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("cannot load libcurl (\(folder.path)/no-libcurl.so.4)"))
    #expect(!FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("remote.json").path))
  }
}
