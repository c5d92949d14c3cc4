import Testing

@testable import Census

@Suite struct ManifestDecodingTests {
  let folder = ManifestFixtures.path("valid")

  @Test func decodesEveryKey() throws {
    let manifest = try ManifestFixtures.load("valid/every-key.yaml")

    #expect(manifest.path == ManifestFixtures.path("valid/every-key.yaml"))
    #expect(manifest.version == 1)
    #expect(manifest.job == "nightly-inventory.v2_1")
    #expect(manifest.description == "Servers our agents may use")
    #expect(manifest.limits == Limits(
      concurrency: 8, timeout: .seconds(45), startupTimeout: .seconds(120),
      retries: 3, retryDelay: .milliseconds(250), jobTimeout: .seconds(3600),
      maxMessage: 512 * 1024))
    #expect(manifest.discover == [.tools, .prompts])
    #expect(manifest.output == OutputSettings(
      dir: "\(folder)/out/reports",
      formats: [.markdown, .json, .junit, .sarif]))
    #expect(manifest.servers.map(\.name) == [
      "time", "local", "docs", "legacy", "plain",
    ])
    #expect(manifest.secrets.isEmpty)

    let time = manifest.servers[0]
    #expect(time.description == "Tells the time")
    #expect(time.endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time",
      args: ["--local-timezone", "UTC", "42", "true"],
      env: [
        "TZ": "UTC", "COUNTRY": "NO", "ZIP": "01234", "PORT": "8080",
        "EMPTY": "",
      ],
      cwd: "\(folder)/work/time", inheritEnv: true)))
    #expect(time.tags == ["core", "clock"])
    #expect(time.enabled == false)
    #expect(time.limits == Limits(
      concurrency: 8, timeout: .seconds(10), startupTimeout: .seconds(90),
      retries: 0, retryDelay: .seconds(1), jobTimeout: .seconds(1800),
      maxMessage: 1_048_576))
    #expect(time.mark == SourceMark(line: 18, column: 5))

    let local = manifest.servers[1]
    #expect(local.endpoint == .stdio(StdioLaunch(
      command: "\(folder)/bin/server.py", args: [], env: [:],
      cwd: "/srv/local", inheritEnv: false)))
    #expect(local.enabled)
    #expect(local.limits == manifest.limits)

    #expect(manifest.servers[2].endpoint == .http(
      url: "https://example.invalid/mcp", transport: .sse,
      headers: ["Authorization": "Bearer abc", "x-api-key": "k"]))
    #expect(manifest.servers[3].endpoint == .http(
      url: "http://localhost:8080/sse", transport: .auto, headers: [:]))
    #expect(manifest.servers[4].endpoint == .http(
      url: "HTTPS://Example.Invalid", transport: .streamableHTTP,
      headers: [:]))
  }

  @Test func fillsInTheDefaults() throws {
    let manifest = try ManifestLoader.load(
      text: """
        version: 1
        job: small
        servers: [{name: time, command: mcp-server-time}]
        """,
      path: "/srv/jobs/small.yaml", environment: [:])

    #expect(manifest.limits == .defaults)
    #expect(manifest.discover == DiscoveryKind.allCases)
    #expect(manifest.output == OutputSettings(
      dir: "/srv/jobs/reports", formats: [.json, .markdown]))
    #expect(manifest.description == nil)
    #expect(manifest.servers[0].endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time", args: [], env: [:], cwd: "/srv/jobs",
      inheritEnv: false)))
    #expect(manifest.servers[0].tags.isEmpty)
    #expect(manifest.servers[0].enabled)
  }

  @Test func appliesAnchorsAndMergeKeys() throws {
    let manifest = try ManifestFixtures.load("valid/anchors.yaml")
    let servers = manifest.servers

    #expect(servers.map(\.name) == [
      "merged", "overridden", "first-wins", "copied", "copy-of-copied",
    ])
    #expect(servers[0].endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time", args: [], env: [:], cwd: folder,
      inheritEnv: false)))
    #expect(servers[0].limits.timeout == .seconds(10))
    #expect(servers[0].tags == ["shared"])

    #expect(servers[1].limits.timeout == .seconds(20))
    #expect(servers[1].limits.retries == 5)
    #expect(servers[1].endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time", args: ["--verbose", "--log-level", "debug"],
      env: ["TZ": "UTC", "LANG": "C"], cwd: folder, inheritEnv: false)))

    #expect(servers[2].limits.retries == 5)
    #expect(servers[2].limits.timeout == .seconds(10))
    if case .stdio(let launch) = servers[2].endpoint {
      #expect(launch.command == "other")
    } else {
      Issue.record("expected a stdio server")
    }

    #expect(servers[4].endpoint == servers[3].endpoint)
  }

  @Test func ignoresExtensionKeysButKeepsThemAsData() throws {
    let manifest = try ManifestFixtures.load("valid/extensions.yaml")

    #expect(manifest.limits.timeout == .seconds(5))
    #expect(manifest.servers.count == 1)
    #expect(manifest.servers[0].endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time", args: [],
      env: ["x-kept": "env keys are data"], cwd: folder, inheritEnv: false)))
  }

  @Test func interpolatesAndRemembersSecrets() throws {
    let environment = [
      "DOCS_HOST": "docs.example", "DOCS_TOKEN": "s3cret", "EMPTY": "",
      "DOCS_TIMEOUT": "", "RUNNER_TEMP": "/home/runner/work/_temp",
    ]
    let manifest = try ManifestFixtures.load(
      "valid/interpolation.yaml", environment: environment)

    #expect(manifest.job == "interpolated")
    // A location every output names, so not a secret.
    #expect(manifest.output.dir == "/home/runner/work/_temp/census")
    #expect(manifest.servers[0].endpoint == .http(
      url: "https://docs.example/mcp", transport: .streamableHTTP,
      headers: [
        "Authorization": "Bearer s3cret",
        "X-Price": "costs $5 and ${NOT_A_VAR}",
      ]))
    #expect(manifest.servers[0].limits.timeout == .seconds(15))
    #expect(manifest.servers[1].endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time",
      args: ["--zone", "UTC", "fallback", "$HOME"],
      env: ["SET_BUT_EMPTY": ""], cwd: folder, inheritEnv: false)))
    #expect(manifest.secrets == ["docs.example", "s3cret"])
  }

  @Test func readsEveryScalarStyle() throws {
    let manifest = try ManifestFixtures.load("valid/styles.yaml")

    #expect(manifest.job == "styles")
    #expect(manifest.description == "A folded description over two lines.\n")
    #expect(manifest.servers[0].name == "double \"quoted\"")
    #expect(manifest.servers[1].endpoint == .stdio(StdioLaunch(
      command: "mcp-server-time",
      args: ["123", "plain text", "line one\nline two\n"], env: [:],
      cwd: folder, inheritEnv: false)))
  }

  @Test func refusesTheAliasBombQuickly() throws {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestFixtures.loadQuoted("errors/alias-bomb.yaml")
    }
    #expect(errors.diagnostics.count == 1)
    #expect(errors.diagnostics[0].message.contains("billion laughs"))
  }

  @Test func acceptsAliasesWithinTheBudget() throws {
    var text = """
      version: 1
      job: shared
      x-base: &base {command: mcp-server-time, tags: [a, b, c], timeout: 5s}
      servers:

      """
    for index in 0..<2000 {
      text += "  - {name: s\(index), <<: *base}\n"
    }
    let manifest = try ManifestLoader.load(
      text: text, path: "/jobs/shared.yaml", environment: [:])
    #expect(manifest.servers.count == 2000)
    #expect(manifest.servers.allSatisfy { $0.tags == ["a", "b", "c"] })
  }
}
