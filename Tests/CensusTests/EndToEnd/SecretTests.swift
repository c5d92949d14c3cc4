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

  /// A url libcurl would refuse is a manifest error (exit 2, nothing
  /// run), and neither the message nor the line it shows holds the
  /// password; a good url's password is masked in every report.
  @Test func aBadURLIsAManifestErrorThatHidesItsPassword() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write("""
      version: 1
      job: urls
      servers:
        - name: port
          url: http://user:pw-port-9f3k@127.0.0.1:99999/mcp
        - name: ipv6
          url: https://user:pw-ipv6-7h2m@[::1/mcp
      """, to: "urls.yaml", in: folder)
    let outcome = try CensusBinary.run(
      ["run", manifest, "--out", folder.path + "/out"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("""
      urls.yaml:5:10: error: the port is out of range: ports go from 1 to 65535
          url: http://user:************@127.0.0.1:99999/mcp
               ^
      """))
    #expect(outcome.stderr.contains("""
      urls.yaml:7:10: error: the IPv6 address opened with '[' is not closed with ']'
      """))
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    for text in [outcome.stdout, outcome.stderr] {
      #expect(!text.contains("pw-port-9f3k"))
      #expect(!text.contains("pw-ipv6-7h2m"))
    }

    let (output, files) = try run("""
        - name: fine
          url: http://user:pw-fine-4q8z@127.0.0.1:9/mcp
      """, environment: [:])
    for text in files + [output] {
      #expect(!text.contains("pw-fine-4q8z"))
    }
  }

  /// Credentials written in `args` (the option forms, a url's password, a
  /// query key) are masked in the target and the stderr tail, and MCP011
  /// names each place, never the value.
  @Test func literalCredentialsInArgsAreMaskedAndFlagged() throws {
    let secrets = [
      "CorrectHorseBattery9", "CorrectHorseBattery8", "CorrectHorse7",
      "AAAAsecretkeyvalue1234", "CorrectHorse6", "BBBBsecretkeyvalue5678",
    ]
    let script = #"echo "$@" >&2; exec "$0" "$1" ok"#
    let (output, files) = try run("""
        - name: args
          command: /bin/sh
          args: ['-c', '\(script)', \(CensusBinary.python), \(fixture),
            --password=\(secrets[0]), --password, \(secrets[1]),
            "postgresql://admin:\(secrets[2])@db.internal:5432/prod",
            "https://x.example/?api_key=\(secrets[3])&v=1",
            --max-tokens, "100000000", --key-file, /etc/ssl/key.pem]
        - name: remote
          url: "http://admin:\(secrets[4])@127.0.0.1:9/mcp?token=\(secrets[5])"
      """, environment: [:])
    for text in files + [output] {
      for secret in secrets { #expect(!text.contains(secret), "\(secret)") }
    }

    let report = try JSONParser.parse(files[0])
    let args = try #require(report["servers"]?[0])
    #expect(args["status"] == .string("ok"))
    let target = try #require(args["target"]?.stringValue)
    #expect(target.hasSuffix("""
      --password=[redacted] --password [redacted] \
      postgresql://admin:[redacted]@db.internal:5432/prod \
      'https://x.example/?api_key=[redacted]&v=1' \
      --max-tokens 100000000 --key-file /etc/ssl/key.pem
      """))
    #expect(args["stderrTail"]?.stringValue?.contains(
      "--password=[redacted] --password [redacted] postgresql://admin:[redacted]@")
      == true)
    let evidence = (report["findings"]?.arrayValue ?? [])
      .filter { $0["code"] == .string("MCP011") }
      .map { finding in
        let server = finding["server"]?.stringValue ?? ""
        return "\(server): " + (finding["evidence"]?.stringValue ?? "")
      }
    #expect(evidence == [
      "args: args[4]: --password=…, 20 characters",
      "args: args[6]: --password …, 20 characters",
      "args: args[7]: url password, 13 characters",
      "args: args[8]: query api_key=…, 22 characters",
      "remote: url: url password, 13 characters",
      "remote: url: query token=…, 22 characters",
    ])
  }

  @Test func aURLsUserinfoIsReadWithoutLibcurl() throws {
    let manifest = try ManifestLoader.load(text: """
      version: 1
      job: userinfo
      servers:
        - name: remote
          url: "http://al%20ice:p%40ss@host:9999/x@y"
      """, path: "userinfo.yaml", environment: [:])
    let found = manifest.secretValues
    #expect(found.contains("p@ss"))
    #expect(found.contains("p%40ss"))
    #expect(found.contains(Manifest.base64(Array("al ice:p@ss".utf8))))
    #expect(Manifest.basicCredential(in: "http://host/a:b@c").isEmpty)
  }
}
