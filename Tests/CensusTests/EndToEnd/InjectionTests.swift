import Foundation
import Testing

@testable import Census

/// Manifest values that would split an HTTP request or name a report with
/// a secret are refused before anything runs (exit 2), without showing
/// the value.
@Suite struct InjectionTests {
  func manifest(_ servers: String, in folder: URL) throws -> String {
    try CensusBinary.write("""
      version: 1
      job: injection
      limits: { retries: 0 }
      servers:
      \(servers)
      """, to: "job.yaml", in: folder)
  }

  @Test func anInterpolatedLineBreakNeverReachesTheServer() throws {
    let fixture = try FixturePeer()
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try manifest("""
        - name: remote
          url: \(fixture.peer.url)/json
          headers: { X-Tok: "${MULTI}" }
      """, in: folder)
    let arguments = ["run", path, "--out", folder.path]

    let injected = try CensusBinary.run(
      arguments, environment: ["MULTI": "tok-5r6t\r\nX-Evil: yes"])
    #expect(injected.status == 2)
    #expect(injected.stderr.contains("""
      job.yaml:7:23: error: header 'X-Tok': its value after ${...} expansion \
      holds a line break
      """))
    #expect(!injected.stderr.contains("tok-5r6t"))
    #expect(!injected.stderr.contains("X-Evil"))
    #expect(fixture.requests.isEmpty)

    let clean = try CensusBinary.run(arguments, environment: ["MULTI": "tok-5r6t"])
    #expect(clean.status == 0, "\(clean.stderr)")
    let posts = fixture.requests.filter { $0["method"] == .string("POST") }
    #expect(!posts.isEmpty)
    #expect(posts.allSatisfy {
      $0["headers"]?["x-tok"] == .string("tok-5r6t") && $0["headers"]?["x-evil"] == nil
    })
  }

  @Test func aLiteralLineBreakInAHeaderIsAManifestError() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try manifest("""
        - name: remote
          url: http://127.0.0.1:9/mcp
          headers: { "X-Ok": "line-8u7y\\r\\nInjected: 1" }
      """, in: folder)
    let outcome = try CensusBinary.run(["validate", path])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("""
      job.yaml:7:24: error: header 'X-Ok': its value holds a line break or \
      another control character
      """))
    #expect(outcome.stderr.contains(#"headers: { "X-Ok": "*********\r\n***********" }"#))
    #expect(!outcome.stderr.contains("line-8u7y"))
  }

  /// The server name, tags and output folder are never built from a
  /// secret: a `${VAR}` in an identity field stops the run, and the
  /// value appears nowhere, not even as a folder.
  @Test func anInterpolatedNameIsRefusedBeforeAnythingRuns() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try manifest("""
        - name: "${MY_SECRET}"
          tags: ["t-${MY_SECRET}"]
          command: \(CensusBinary.python)
      suppressions:
        - { code: MCP012, server: "${MY_SECRET}x", reason: accepted }
      """, in: folder)
    let outcome = try CensusBinary.run(
      ["run", path], environment: ["MY_SECRET": "hunter22-secret"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(
      "job.yaml:5:11: error: 'name' cannot use ${...}"))
    #expect(outcome.stderr.contains(
      "job.yaml:6:12: error: 'tags' cannot use ${...}"))
    #expect(outcome.stderr.contains(
      "job.yaml:9:29: error: 'server' cannot use ${...}"))
    #expect(!outcome.stderr.contains("hunter22"))
    let made = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(made == ["job.yaml"])
  }
}
