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
}
