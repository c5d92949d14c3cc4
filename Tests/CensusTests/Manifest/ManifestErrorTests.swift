import Testing

@testable import Census

/// One fixture under `errors/` and everything `validate` prints for it.
struct ErrorCase: CustomTestStringConvertible, Sendable {
  var fixture: String
  var rendered: String
  var environment: [String: String] = [:]

  var testDescription: String { fixture }
}

@Suite struct ManifestErrorTests {
  static let cases: [ErrorCase] = [
    ErrorCase(fixture: "unknown-key", rendered: """
      errors/unknown-key.yaml:4:5: error: server 'time' needs 'command' \
      (a program to start) or 'url' (an HTTP endpoint)
        - name: time
          ^
      errors/unknown-key.yaml:5:5: error: unknown key 'comand' \
      (did you mean 'command'?)
          comand: mcp-server-time
          ^
      """),
    ErrorCase(fixture: "wrong-duration", rendered: """
      errors/wrong-duration.yaml:4:12: error: expected a duration such as \
      30s or 250ms, found 'soon'
        timeout: soon
                 ^
      """),
    ErrorCase(fixture: "bad-size", rendered: """
      errors/bad-size.yaml:4:16: error: expected a size such as 16MiB, \
      512KiB or a number of bytes, found '16MB'
        max_message: 16MB
                     ^
      """),
    ErrorCase(fixture: "bad-boolean", rendered: """
      errors/bad-boolean.yaml:6:14: error: expected true or false, \
      found 'yes'
          enabled: yes
                   ^
      """),
    ErrorCase(fixture: "wrong-kind", rendered: """
      errors/wrong-kind.yaml:6:11: error: expected a list such as \
      [--port, 8080], found '--local-timezone'
          args: --local-timezone
                ^
      """),
    ErrorCase(fixture: "duplicate-key", rendered: """
      errors/duplicate-key.yaml:6:5: error: duplicate key 'command' \
      (first at line 5)
          command: other
          ^
      """),
    ErrorCase(fixture: "duplicate-server", rendered: """
      errors/duplicate-server.yaml:6:11: error: duplicate server name \
      'time' (first used at line 4)
        - name: time
                ^
      """),
    ErrorCase(fixture: "both-command-and-url", rendered: """
      errors/both-command-and-url.yaml:6:5: error: server 'docs' has both \
      'command' and 'url'; give exactly one
          url: https://example.invalid/mcp
          ^
      """),
    ErrorCase(fixture: "neither-command-nor-url", rendered: """
      errors/neither-command-nor-url.yaml:4:5: error: server 'docs' needs \
      'command' (a program to start) or 'url' (an HTTP endpoint)
        - name: docs
          ^
      """),
    ErrorCase(fixture: "transport-contradiction", rendered: """
      errors/transport-contradiction.yaml:6:16: error: transport 'sse' \
      needs a 'url', but server 'docs' has a 'command'
          transport: sse
                     ^
      """),
    ErrorCase(fixture: "non-http-url", rendered: """
      errors/non-http-url.yaml:5:10: error: expected an http:// or \
      https:// url, found the scheme 'ftp'
          url: ftp://example.invalid/mcp
               ^
      """),
    ErrorCase(fixture: "out-of-range", rendered: """
      errors/out-of-range.yaml:4:16: error: 'concurrency' must be between \
      1 and 1024, found '2000'
        concurrency: 2000
                     ^
      errors/out-of-range.yaml:5:12: error: 'retries' must be between 0 \
      and 10, found '11'
        retries: 11
                 ^
      """),
    ErrorCase(fixture: "invalid-job-name", rendered: """
      errors/invalid-job-name.yaml:2:6: error: invalid job name 'nightly \
      inventory': use letters, digits, '.', '_' and '-'
      job: nightly inventory
           ^
      """),
    ErrorCase(fixture: "unknown-version", rendered: """
      errors/unknown-version.yaml:1:10: error: unsupported manifest \
      version '2'; this mcp-census reads version 1
      version: 2
               ^
      """),
    ErrorCase(fixture: "no-servers", rendered: """
      errors/no-servers.yaml:3:10: error: no servers: list at least one \
      under 'servers'
      servers: []
               ^
      """),
    ErrorCase(fixture: "missing-keys", rendered: """
      errors/missing-keys.yaml:1:1: error: missing required key 'version' \
      (write 'version: 1')
      description: no version, no job, no servers
      ^
      errors/missing-keys.yaml:1:1: error: missing required key 'job'
      description: no version, no job, no servers
      ^
      errors/missing-keys.yaml:1:1: error: missing required key 'servers' \
      (list at least one server)
      description: no version, no job, no servers
      ^
      """),
    ErrorCase(fixture: "tab-indentation", rendered: """
      errors/tab-indentation.yaml:5:1: error: tab character in \
      indentation; YAML indents with spaces
      \tcommand: mcp-server-time
      ^
      """),
    ErrorCase(fixture: "invalid-utf8", rendered: """
      errors/invalid-utf8.yaml:3:18: error: invalid UTF-8: manifests must \
      be UTF-8 text
      description: caf\u{FFFD}
                       ^
      """),
    ErrorCase(fixture: "empty", rendered: """
      errors/empty.yaml:1:1: error: the manifest is empty; it needs at \
      least 'version', 'job' and 'servers'
      # nothing here yet
      ^
      """),
    ErrorCase(fixture: "second-document", rendered: """
      errors/second-document.yaml:6:1: error: a manifest holds one YAML \
      document, but a second one starts here
      ---
      ^
      """),
    ErrorCase(fixture: "unclosed-flow-sequence", rendered: """
      errors/unclosed-flow-sequence.yaml:7:9: error: unclosed flow \
      sequence: expected ',' or ']' to close the '[' at line 6, column 11
        - name: docs
              ^
      """),
    ErrorCase(fixture: "unclosed-flow-at-end", rendered: """
      errors/unclosed-flow-at-end.yaml:6:11: error: unclosed flow sequence: \
      expected ',' or ']' to close the '[' at line 6, column 11
          args: [--local-timezone, UTC
                ^
      """),
    ErrorCase(fixture: "duplicate-after-error", rendered: """
      errors/duplicate-after-error.yaml:6:5: error: server 'time' has both \
      'command' and 'url'; give exactly one
          url: http://127.0.0.1:8080/mcp
          ^
      errors/duplicate-after-error.yaml:7:11: error: duplicate server name \
      'time' (first used at line 4)
        - name: time
                ^
      """),
    ErrorCase(fixture: "unclosed-quote", rendered: """
      errors/unclosed-quote.yaml:5:14: error: unclosed quote: the string \
      that starts here never ends; close it with the same quote
          command: "***************
                   ^
      """),
    ErrorCase(fixture: "list-indentation", rendered: """
      errors/list-indentation.yaml:6:4: error: expected a '-' item here, in \
      line with the list at line 4, column 3; a line that belongs to the \
      item above is indented past its '-'
         - name: git
         ^
      """),
    ErrorCase(fixture: "mapping-indentation", rendered: """
      errors/mapping-indentation.yaml:5:2: error: this line does not line up \
      with the keys of the mapping at line 1, column 1; indent keys of one \
      mapping to the same column
       retries: 1
       ^
      """),
    ErrorCase(fixture: "stray-colon", rendered: """
      errors/stray-colon.yaml:5:12: error: unexpected ':' here: the line is \
      indented past the key above it, or a plain value holds ': ' (quote \
      such a value)
          retries: 1
                 ^
      """),
    ErrorCase(fixture: "alias-bomb", rendered: """
      errors/alias-bomb.yaml:7:38: error: aliases expand to more than \
      100000 nodes; refusing what looks like a 'billion laughs' manifest
      x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
                                           ^
      """),
    ErrorCase(fixture: "too-deep", rendered: """
      errors/too-deep.yaml:6:74: error: nesting is deeper than 64 levels
          x-deep: \(String(repeating: "[", count: 70))\
      \(String(repeating: "]", count: 70))
      \(String(repeating: " ", count: 73))^
      """),
    ErrorCase(fixture: "unset-variable", rendered: """
      errors/unset-variable.yaml:6:31: error: environment variable \
      'DOCS_TOKEN' is not set and has no default; set it before the run \
      (or, for a value that is no secret, write ${DOCS_TOKEN:-default})
          headers: { Authorization: "Bearer ${DOCS_TOKEN}" }
                                    ^
      """),
    ErrorCase(fixture: "per-server-concurrency", rendered: """
      errors/per-server-concurrency.yaml:6:5: error: 'concurrency' counts \
      servers in flight, so it is set for the whole job under 'limits', \
      not per server
          concurrency: 2
          ^
      """),
    ErrorCase(fixture: "unknown-alias", rendered: """
      errors/unknown-alias.yaml:5:9: error: unknown alias '*base'
          <<: *base
              ^
      """),
    ErrorCase(fixture: "bad-merge", rendered: """
      errors/bad-merge.yaml:5:9: error: a merge key '<<' takes a mapping \
      or a list of mappings, found 'time'
        - <<: *name
              ^
      """),
    ErrorCase(fixture: "unknown-choice", rendered: """
      errors/unknown-choice.yaml:3:19: error: unknown discovery kind \
      'promts' (did you mean 'prompts'?)
      discover: [tools, promts]
                        ^
      errors/unknown-choice.yaml:5:19: error: unknown report format \
      'html'; expected one of json, markdown, junit, sarif
        formats: [json, html]
                        ^
      errors/unknown-choice.yaml:9:16: error: unknown transport \
      'streamable_http' (did you mean 'streamable-http'?)
          transport: streamable_http
                     ^
      """),
    ErrorCase(fixture: "interpolated-identity", rendered: """
      errors/interpolated-identity.yaml:2:6: \
      \(refused("job"))
      job: nightly-${STAGE}
           ^
      errors/interpolated-identity.yaml:3:14: \
      \(refused("description"))
      description: "Servers for ${STAGE}"
                   ^
      errors/interpolated-identity.yaml:5:11: \
      \(refused("name"))
        - name: ${MY_SECRET}
                ^
      errors/interpolated-identity.yaml:6:18: \
      \(refused("description"))
          description: a $$5 server for ${STAGE}
                       ^
      errors/interpolated-identity.yaml:7:18: \
      \(refused("tags"))
          tags: [core, "${STAGE}"]
                       ^
      errors/interpolated-identity.yaml:9:16: error: unknown transport \
      '${TRANSPORT}'; expected one of stdio, streamable-http, sse, auto
          transport: ${TRANSPORT}
                     ^
      errors/interpolated-identity.yaml:12:13: \
      \(refused("server"))
          server: "${MY_SECRET}x"
                  ^
      errors/interpolated-identity.yaml:13:11: \
      \(refused("item"))
          item: ${ITEM:-wipe}
                ^
      """, environment: [
        "STAGE": "prod", "MY_SECRET": "hunter22", "TRANSPORT": "ss",
      ]),
    ErrorCase(fixture: "bad-headers", rendered: """
      errors/bad-headers.yaml:7:13: \
      \(controlInHeader("X-Ok", expanded: false))
            X-Ok: "*********\\r\\n***********"
                  ^
      errors/bad-headers.yaml:8:14: \
      \(controlInHeader("X-Tok", expanded: true))
            X-Tok: "${MULTI}"
                   ^
      errors/bad-headers.yaml:9:14: \
      \(controlInHeader("X-Nul", expanded: false))
            X-Nul: "*\\0*"
                   ^
      """, environment: ["MULTI": "abc\r\nX-Evil: yes"]),
    ErrorCase(fixture: "bad-urls", rendered: """
      errors/bad-urls.yaml:5:10: error: the port is out of range: ports go \
      from 1 to 65535
          url: http://user:************@127.0.0.1:99999/mcp
               ^
      errors/bad-urls.yaml:7:10: error: the IPv6 address opened with '[' is \
      not closed with ']'
          url: https://user:************@[::1/mcp
               ^
      errors/bad-urls.yaml:9:10: error: expected a url with a host name
          url: http://:8080/mcp
               ^
      errors/bad-urls.yaml:11:10: error: expected a port number from 1 to \
      65535 after ':'
          url: http://127.0.0.1:80a/mcp?api_key=**********************
               ^
      errors/bad-urls.yaml:13:10: error: the host has more than one ':'; an \
      IPv6 address goes in brackets, as in http://[::1]:8080/mcp
          url: http://::1:8080/mcp
               ^
      errors/bad-urls.yaml:15:10: error: the port is out of range: ports go \
      from 1 to 65535
          url: http://[::1]:0/mcp
               ^
      errors/bad-urls.yaml:17:10: error: after ${...} expansion, the port is \
      out of range: ports go from 1 to 65535
          url: https://${DOCS_HOST}/mcp
               ^
      """, environment: ["DOCS_HOST": "docs.example:70000"]),
  ]

  static func refused(_ key: String) -> String {
    "error: '\(key)' cannot use ${...}: it names or labels reports, files "
      + "and findings, where a value from the environment could not be "
      + "masked; write the value literally ($$ for a literal '$')"
  }

  static func controlInHeader(_ name: String, expanded: Bool) -> String {
    let value = expanded ? "its value after ${...} expansion" : "its value"
    return "error: header '\(name)': \(value) holds a line break or another "
      + "control character, which would end the header and start others; "
      + "write the value on one line, without control characters"
  }

  @Test(arguments: cases)
  func rendersEveryProblemWithItsCaret(_ errorCase: ErrorCase) {
    let name = "errors/\(errorCase.fixture).yaml"
    #expect(throws: ManifestErrors.self) {
      try ManifestFixtures.loadQuoted(name, environment: errorCase.environment)
    }
    do {
      _ = try ManifestFixtures.loadQuoted(
        name, environment: errorCase.environment)
    } catch {
      #expect(error.rendered == errorCase.rendered)
    }
  }

  @Test func stopsListingAfterTwentyProblems() throws {
    let name = "errors/too-many-errors.yaml"
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestFixtures.loadQuoted(name)
    }
    #expect(errors.diagnostics.count == ManifestErrors.limit)
    #expect(errors.truncated)
    #expect(errors.rendered.hasSuffix("""
      errors/too-many-errors.yaml:25:5: error: unknown key 'key19'
          key19: value
          ^
      errors/too-many-errors.yaml: error: too many errors, stopped after 20
      """))
  }

  @Test func namesAFileThatCannotBeRead() throws {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(
        path: "/nonexistent/census.yaml", environment: [:])
    }
    #expect(errors.rendered == """
      /nonexistent/census.yaml: error: cannot read the manifest: \
      No such file or directory
      """)
  }

  @Test func refusesAFileOverTheSizeLimit() throws {
    let bytes = [UInt8](
      repeating: UInt8(ascii: "#"), count: ManifestLoader.maximumFileSize + 1)
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(bytes: bytes, path: "big.yaml", environment: [:])
    }
    #expect(errors.rendered == """
      big.yaml: error: the manifest is 4194305 bytes; manifests are \
      limited to 4MiB
      """)
  }

  @Test func neverPrintsAValueFromTheEnvironment() throws {
    let text = """
      version: 1
      job: ${JOB}
      servers:
        - name: docs
          url: ${DOCS_URL}
          timeout: ${TIMEOUT}
      """
    let environment = [
      "JOB": "bad job", "DOCS_URL": "ftp://token@host", "TIMEOUT": "hunter2",
    ]
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(
        text: text, path: "secret.yaml", environment: environment)
    }
    #expect(errors.diagnostics.count == 3)
    for secret in environment.values {
      #expect(!errors.rendered.contains(secret))
    }
    #expect(errors.rendered.contains("found '${TIMEOUT}'"))
  }
}

extension ManifestErrorTests {
  @Test func refusesEmptyAndRepeatedChoices() throws {
    let text = """
      version: 1
      job: lists
      discover: []
      output: {formats: [json, json]}
      servers: [{name: time, command: mcp-server-time}]
      """
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: text, path: "lists.yaml", environment: [:])
    }
    #expect(errors.diagnostics.map(\.message) == [
      "expected at least one discovery kind in a list such as "
        + "[tools, prompts]",
      "'json' is listed twice",
    ])
  }
}
