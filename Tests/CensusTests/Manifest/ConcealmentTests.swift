import Testing

@testable import Census

/// The source line echoed under a manifest error never shows a secret.
@Suite struct ConcealmentTests {
  func rendered(_ servers: String) throws -> String {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: """
        version: 1
        job: conceal
        servers:
        \(servers)
          - name: bad
            command: x
            timeout: soon
        """, path: "c.yaml", environment: [:])
    }
    return errors.rendered
  }

  /// A piece written with an escape is not in the line as decoded: the
  /// scalar is starred from its column to the end of the line. Each key
  /// is on a server it does not fit, so the error echoes its line.
  @Test(arguments: [
    (#"headers: {Authorization: "Bearer s3cr\"etvalue9"}"#, "etvalue9"),
    (#"headers: {Authorization: "Bearer p\u0061ssw0rd123zz"}"#, "ssw0rd123zz"),
    ("headers: {Authorization: 'Bearer it''s-a-secret-99'}", "s-a-secret-99"),
    (#"env: {API_KEY: "abc\u0031defghijk"}"#, "defghijk"),
  ])
  func starsAScalarWrittenWithEscapes(_ line: String, _ secret: String) throws {
    let endpoint = line.hasPrefix("headers") ? "command: x" : "url: https://h.example/"
    let text = try rendered("""
        - name: misplaced
          \(endpoint)
          \(line)
      """)
    #expect(text.contains("applies only to servers"), "\(text)")
    #expect(!text.contains(secret), "\(text)")
  }

  /// The url is checked and concealed; the error is another key's, on
  /// the same line.
  @Test func starsAURLWrittenWithEscapes() throws {
    let text = try rendered("""
        - {name: flow, url: "http://u:p\\u0061ss-secret-12@h.example/", bogus: 1}
      """)
    #expect(text.contains("unknown key 'bogus'"), "\(text)")
    #expect(!text.contains("ss-secret-12"), "\(text)")
  }

  @Test func starsAnArgumentWrittenWithEscapes() throws {
    let text = try rendered("""
        - name: misplaced
          url: https://h.example/
          args: [--password, "abc\\u0031defghijk"]
      """)
    #expect(text.contains("'args' applies only"), "\(text)")
    #expect(!text.contains("defghijk"), "\(text)")
  }

  @Test func concealsEveryServerBeforeCheckingIt() throws {
    let text = try rendered("""
        - name: both
          command: x
          url: http://admin:pw-both-7k2q@host.example/mcp
        - name: stdio
          command: x
          headers: {Authorization: Bearer stdio-secret-8d1z}
        - name: remote
          url: https://host.example/mcp
          args: [--password, remote-secret-4j9w]
          env: {API_KEY: env-secret-5m3x}
      """)
    #expect(text.contains("has both 'command' and 'url'"))
    #expect(text.contains("'headers' applies only"))
    #expect(text.contains("'env' applies only"))
    for secret in [
      "pw-both-7k2q", "stdio-secret-8d1z", "remote-secret-4j9w", "env-secret-5m3x",
    ] {
      #expect(!text.contains(secret), "\(text)")
    }
  }

  @Test func concealsTheDefaultsOfReferences() throws {
    let text = try rendered("""
        - name: remote
          url: "http://u:${PW:-pw-default-3k8d}@127.0.0.1:99999/mcp"
        - name: stdio
          command: x
          headers: {Authorization: "Bearer ${TOK:-sk-live-4f9q2m8z}"}
      """)
    #expect(text.contains("port is out of range"))
    #expect(text.contains("'headers' applies only"))
    #expect(!text.contains("sk-live-4f9q2m8z"), "\(text)")
    #expect(!text.contains("pw-default-3k8d"), "\(text)")
    #expect(text.contains("${TOK:-****************}"), "\(text)")
  }

  @Test func starsAnUnclosedQuoteToTheEndOfTheLine() throws {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: """
        version: 1
        servers:
          - name: remote
            headers: {Authorization: "Bearer abc123verysecret}
        """, path: "q.yaml", environment: [:])
    }
    #expect(!errors.rendered.contains("abc123verysecret"), "\(errors.rendered)")
    #expect(errors.rendered.contains(#"{Authorization: "****** *****************"#))
  }

  @Test func starsCredentialValuesOnALineLibYAMLCannotRead() throws {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: """
        version: 1
        servers:
          - name: remote
            env: {API_KEY: abc123verysecret, X: ghp_abcdefghijklmnop]
        """, path: "s.yaml", environment: [:])
    }
    let text = errors.rendered
    #expect(text.contains("error:"))
    #expect(!text.contains("abc123verysecret"), "\(text)")
    #expect(!text.contains("ghp_abcdefghijklmnop"), "\(text)")
  }
}
