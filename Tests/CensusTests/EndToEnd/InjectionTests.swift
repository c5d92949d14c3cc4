import Foundation
import Testing

@testable import Census

/// Manifest values that would name a report with a secret are refused
/// before anything runs (exit 2), without showing the value.
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
