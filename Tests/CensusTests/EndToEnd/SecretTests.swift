import Foundation
import Testing
@testable import Census

/// No secret reaches a report or a log line, whatever the server echoes.
@Suite struct SecretTests {
  let fixture = CensusBinary.fixture("servers/fixture_server.py")
  let secret = "sup3rs3cretvalue"

  func run(_ servers: String, environment: [String: String]) throws -> (String, [String]) {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write("""
      version: 1
      job: secrets
      limits: { retries: 0 }
      output: { formats: [json, markdown, junit, sarif] }
      servers:
      \(servers)
      """, to: "job.yaml", in: folder)
    let outcome = try CensusBinary.run(
      ["run", manifest, "--out", folder.path, "--verbose"], environment: environment)
    let names = ["secrets.json", "secrets.md", "secrets.junit.xml", "secrets.sarif"]
    let files = try names.map {
      try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
    }
    return (outcome.stdout + outcome.stderr, files)
  }

  @Test func anEchoedSecretIsMaskedEverywhere() throws {
    let (output, files) = try run("""
        - name: echo
          command: \(CensusBinary.python)
          args: [\(fixture), echo-env]
          env: { ECHO: "${TOKEN}" }
        - name: literal
          command: \(CensusBinary.python)
          args: [\(fixture), echo-env, --label, "sk-abcdefghijklmnopqrstuvwxyz123456"]
          env: { ECHO: "sk-abcdefghijklmnopqrstuvwxyz123456" }
      """, environment: ["TOKEN": secret])
    for text in files + [output] {
      #expect(!text.contains(secret))
      #expect(!text.contains("s3cretvalue"))
      #expect(!text.contains("abcdefghijklmnopqrstuvwxyz"))
    }
    let report = try JSONParser.parse(files[0])
    let echo = try #require(report["servers"]?[0])
    #expect(echo["serverInfo"]?["version"] == .string("[redacted]"))
    #expect(echo["stderrTail"]?.stringValue?.hasPrefix("[redacted]eee") == true)
    #expect(echo["lists"]?.arrayValue?.last?["error"]
      == .string("prompts/list failed: boom [redacted] (code -32000)"))
  }

  @Test func aShortInterpolatedValueLeavesServerDataAlone() throws {
    let (_, files) = try run("""
        - name: plain
          command: \(CensusBinary.python)
          args: [\(fixture), ok]
          env: { MODE: "${MODE}" }
      """, environment: ["MODE": "object"])
    let report = try JSONParser.parse(files[0])
    let tool = try #require(report["servers"]?[0]?["tools"]?[0])
    #expect(tool["inputSchema"]?["type"] == .string("object"))
    let codes = (report["findings"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
    #expect(!codes.contains("MCP006"))
  }

  /// A URL libcurl's parser refuses still has its password masked: the
  /// report shows the URL as the manifest wrote it.
  @Test func thePasswordOfAURLLibcurlRefusesIsMasked() throws {
    let (output, files) = try run("""
        - name: port
          url: http://user:pw-port-9f3k@127.0.0.1:99999/mcp
        - name: ipv6
          url: https://user:pw-ipv6-7h2m@[::1/mcp
        - name: fine
          url: http://user:pw-fine-4q8z@127.0.0.1:9/mcp
      """, environment: [:])
    for text in files + [output] {
      #expect(!text.contains("pw-port-9f3k"))
      #expect(!text.contains("pw-ipv6-7h2m"))
      #expect(!text.contains("pw-fine-4q8z"))
    }
  }

  @Test func aURLsUserinfoIsReadWithoutLibcurl() {
    let found = Manifest.credentials(in: "http://al%20ice:p%40ss@host:99999/x@y")
    #expect(found.contains("p@ss"))
    #expect(found.contains("p%40ss"))
    #expect(found.contains(Manifest.base64(Array("al ice:p@ss".utf8))))
    #expect(Manifest.credentials(in: "http://host/a:b@c").isEmpty)
  }
}
