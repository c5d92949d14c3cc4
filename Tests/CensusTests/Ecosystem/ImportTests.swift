import Foundation
import Testing

@testable import Census

/// `mcp-census import`: client formats, lenient JSON, secrets, names.
@Suite struct ImportTests {
  static let home = CensusBinary.fixture("import/home")
  static let project = CensusBinary.fixture("import/project")

  @Test func lenientJSONAcceptsCommentsAndTrailingCommas() throws {
    let text = """
      // a comment
      {"a": "x // not a comment", /* gone */ "b": [1, 2,],
       "c": "/* kept */", "d": "quote \\" // still a string",}
      """
    let value = try LenientJSON.parse(Array(text.utf8))
    #expect(value["a"]?.stringValue == "x // not a comment")
    #expect(value["b"]?.arrayValue?.count == 2)
    #expect(value["c"]?.stringValue == "/* kept */")
    #expect(value["d"]?.stringValue == "quote \" // still a string")
  }

  @Test(arguments: [
    ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3),
    ("{\"a\": /* open", 1, 7),
    ("{\n \"é\": tru }", 2, 7),
  ])
  func lenientJSONErrorsSayLineAndColumn(text: String, line: Int, column: Int) {
    #expect(throws: LenientJSON.Failure.self) {
      try LenientJSON.parse(Array(text.utf8))
    }
    do {
      _ = try LenientJSON.parse(Array(text.utf8))
    } catch {
      #expect(error.line == line && error.column == column, "\(error)")
    }
  }

  @Test func variableNames() {
    #expect(ImportVariables.name("github-mcp", "GITHUB_TOKEN") == "GITHUB_MCP_GITHUB_TOKEN")
    #expect(ImportVariables.name("docs site", "X-Api-Key") == "DOCS_SITE_X_API_KEY")
    #expect(ImportVariables.name("1st") == "V_1ST")
    #expect(ImportVariables.isVariableName("GITHUB_TOKEN"))
    #expect(!ImportVariables.isVariableName("github-token"))
  }

  @Test func namesBecomeValidAndUnique() {
    let servers = ["a b", "a-b", "", "ok", "ok", "ü"].map {
      ImportedServer(originalName: $0, name: $0, client: "c", location: "l")
    }
    #expect(ImportedManifest.uniquelyNamed(servers).map(\.name) == [
      "a-b", "a-b-2", "server", "ok", "ok-2", "server-2",
    ])
  }

  @Test func importsEveryClientOnThisMachineWithoutItsSecrets() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.path + "/imported.yaml"
    let outcome = try CensusBinary.run(
      ["import", "--local", "--out", out],
      environment: ["HOME": Self.home, "XDG_CONFIG_HOME": ""],
      directory: Self.project)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let text = try String(contentsOfFile: out, encoding: .utf8)

    for secret in [
      "ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3sts00", "ghp_An0th3rR4nd0mT0k3nF0rT3sts0000000",
      "sntrys_abcdefghijklmnopqrstuvwx", "hunter2hunter2",
    ] {
      #expect(!text.contains(secret))
      #expect(!outcome.stderr.contains(secret))
      #expect(!outcome.stdout.contains(secret))
    }
    let stderr = outcome.stderr
    #expect(stderr.contains("read \(Self.home)/.cursor/mcp.json: 4 servers\n"))
    #expect(stderr.contains("absent \(Self.home)/.config/Code/User/mcp.json\n"))
    #expect(stderr.contains("read .vscode/mcp.json: 2 servers\n"))
    #expect(stderr.contains("left out of .vscode/mcp.json: servers.perplexity: envFile\n"))
    #expect(stderr.contains(
      "not imported: \(Self.home)/.cursor/mcp.json: mcpServers.websocket: 'url' "
        + "is not an http(s) url; only stdio and HTTP servers can be run\n"))
    #expect(stderr.contains(
      "not imported: \(Self.home)/.codeium/windsurf/mcp_config.json: "
        + "mcpServers.no-endpoint: neither 'command' nor a url "
        + "('url', 'serverUrl', 'httpUrl')\n"))
    #expect(stderr.contains(
      "  PERPLEXITY_KEY  Perplexity API Key (VS Code input 'perplexity-key')\n"))
    #expect(stderr.contains("  PGPASSWORD  \(Self.home)/.claude.json: "
      + "projects[/home/me/app].mcpServers.db: env.PGPASSWORD "
      + "(a literal secret, not copied)\n"))
    #expect(text.contains("# NOT IMPORTED \(Self.home)/.cursor/mcp.json: mcpServers.websocket"))

    let manifest = try ManifestLoader.load(
      path: out, environment: [
        "GITHUB_PERSONAL_ACCESS_TOKEN": "a", "GITHUB_TOKEN": "b",
        "SENTRY_AUTHORIZATION": "c", "DATABASE_URL": "d", "PGPASSWORD": "e",
        "EXAMPLE_API_KEY": "f", "MY_KEY": "g", "PERPLEXITY_KEY": "h",
        "LOG_LEVEL": "i", "HOME": "/home/me",
      ])
    let byName = Dictionary(uniqueKeysWithValues: manifest.servers.map { ($0.name, $0) })
    #expect(manifest.servers.map(\.name) == [
      "filesystem", "github", "github-2", "linear", "price-server", "time",
      "sentry", "db", "context7", "remote", "local", "project-tools",
      "perplexity", "fetch",
    ])
    #expect(byName["github"]?.tags == ["claude-desktop"])
    #expect(byName["context7"]?.enabled == false)
    #expect(byName["price-server"]?.launch?.args == [
      "pricer", "--currency=$", "/* not a comment */",
    ])
    #expect(byName["perplexity"]?.launch?.env["HOME_DIR"] == "/home/me")
    #expect(byName["sentry"]?.headers?["Authorization"] == "Bearer c")
    #expect(byName["fetch"]?.headers?["Content-Type"] == "application/json")
    if case .http(_, let transport, _)? = byName["linear"]?.endpoint {
      #expect(transport == .sse)
    } else {
      Issue.record("linear is not an HTTP entry")
    }

    let schema = try CensusBinary.runProgram(CensusBinary.python, [
      CensusBinary.fixture("schemas/validate.py"), "manifest", out,
    ])
    #expect(schema.status == 0, "\(schema.stdout)\(schema.stderr)")
  }

  @Test func printsToStdoutAManifestThatValidateAccepts() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try CensusBinary.run([
      "import", Self.home + "/.config/Claude/claude_desktop_config.json",
      "--job", "desktop",
    ])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stderr.hasSuffix("""
      set these environment variables before running the manifest:
        GITHUB_PERSONAL_ACCESS_TOKEN  \(Self.home)/.config/Claude/\
      claude_desktop_config.json: mcpServers.github: \
      env.GITHUB_PERSONAL_ACCESS_TOKEN (a literal secret, not copied)

      """))
    let path = try CensusBinary.write(outcome.stdout, to: "desktop.yaml", in: folder)
    let validate = try CensusBinary.run(
      ["validate", path], environment: ["GITHUB_PERSONAL_ACCESS_TOKEN": "x"])
    #expect(validate.status == 0, "\(validate.stderr)")
  }

  /// Credentials inside arguments, urls and env urls are moved to
  /// variables too, the rest of each text kept.
  @Test func credentialsInsideArgumentsAndURLsAreNotCopied() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let secrets = [
      "CorrectHorse7", "CorrectHorseBattery9", "CorrectHorseBattery8",
      "AAAAsecretkeyvalue1234", "CorrectHorse5", "CorrectHorse4",
    ]
    let config = try CensusBinary.write("""
      {"mcpServers": {
        "postgres": {"command": "npx", "args": ["-y",
          "@modelcontextprotocol/server-postgres",
          "postgresql://admin:\(secrets[0])@db.internal:5432/prod"]},
        "tool": {"command": "tool", "args": ["--password=\(secrets[1])",
          "--password", "\(secrets[2])", "--token", "${env:TOK}",
          "https://x.example/?api_key=\(secrets[3])&v=1"],
          "env": {"DATABASE_URL": "postgres://u:\(secrets[4])@h/db"}},
        "remote": {"url": "https://u:\(secrets[5])@api.example.com/mcp"}
      }}
      """, to: "client.json", in: folder)
    let outcome = try CensusBinary.run(["import", config])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    for secret in secrets {
      #expect(!outcome.stdout.contains(secret))
      #expect(!outcome.stderr.contains(secret))
    }
    #expect(outcome.stdout.contains(#"""
      args: ["-y", "@modelcontextprotocol/server-postgres", \#
      "postgresql://admin:${POSTGRES_URL_PASSWORD}@db.internal:5432/prod"]
      """#))
    #expect(outcome.stdout.contains(#"""
      args: ["--password=${TOOL_PASSWORD}", "--password", "${TOOL_PASSWORD_2}", \#
      "--token", "${TOK}", "https://x.example/?api_key=${TOOL_API_KEY}&v=1"]
      """#))
    #expect(outcome.stdout.contains(#"DATABASE_URL: "postgres://u:${TOOL_URL_PASSWORD}@h/db""#))
    #expect(outcome.stdout.contains(
      #"url: "https://u:${REMOTE_URL_PASSWORD}@api.example.com/mcp""#))
    #expect(outcome.stderr.contains(
      "  POSTGRES_URL_PASSWORD  \(config): mcpServers.postgres: args[2] "
        + "(a literal secret, not copied)\n"))
    for variable in [
      "TOOL_PASSWORD", "TOOL_PASSWORD_2", "TOOL_API_KEY", "TOOL_URL_PASSWORD",
      "REMOTE_URL_PASSWORD",
    ] {
      #expect(outcome.stderr.contains("  \(variable)  \(config): "))
    }

    let manifest = try CensusBinary.write(outcome.stdout, to: "m.yaml", in: folder)
    let environment = [
      "POSTGRES_URL_PASSWORD": "a", "TOOL_PASSWORD": "b", "TOOL_PASSWORD_2": "c",
      "TOK": "d", "TOOL_API_KEY": "e", "TOOL_URL_PASSWORD": "f",
      "REMOTE_URL_PASSWORD": "g",
    ]
    let validate = try CensusBinary.run(["validate", manifest], environment: environment)
    #expect(validate.status == 0, "\(validate.stderr)")
  }

  @Test func unreadableOrForeignFilesAreUsageErrors() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let broken = try CensusBinary.write(
      "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"\n  }\n", to: "broken.json",
      in: folder)
    let outcome = try CensusBinary.run(["import", broken])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(
      "mcp-census: error: \(broken): 5:1: not JSON: expected ',' or '}' in an object\n"))
    #expect(outcome.stdout.isEmpty)

    let foreign = try CensusBinary.write("{\"editor.fontSize\": 12}", to: "s.json", in: folder)
    let other = try CensusBinary.run(["import", foreign])
    #expect(other.status == 2)
    #expect(other.stderr.contains(
      "mcp-census: error: \(foreign): no MCP servers in it (no 'mcpServers', "
        + "'servers' or 'mcp.servers')\n"))

    let missing = try CensusBinary.run(["import", folder.path + "/none.json"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("mcp-census: error: \(folder.path)/none.json: no such file\n"))

    let nothing = try CensusBinary.run(["import"])
    #expect(nothing.status == 2)
    #expect(nothing.stderr.hasPrefix(
      "mcp-census: error: import needs client configuration files or --local\n"))

    // Nothing found is told from nothing that could be converted.
    let empty = try CensusBinary.write(#"{"mcpServers": {}}"#, to: "e.json", in: folder)
    let none = try CensusBinary.run(["import", empty])
    #expect(none.status == 2)
    #expect(none.stderr.contains(
      "mcp-census: error: nothing to import: no MCP server was found in what was read\n"))
    let socket = try CensusBinary.write(
      #"{"mcpServers": {"w": {"url": "ws://127.0.0.1:9/x"}}}"#, to: "w.json", in: folder)
    let unconverted = try CensusBinary.run(["import", socket])
    #expect(unconverted.status == 2)
    #expect(unconverted.stderr.contains(
      "mcp-census: error: nothing to import: the one server found could not be converted\n"))
  }
}

extension ServerSpec {
  fileprivate var launch: StdioLaunch? {
    if case .stdio(let launch) = endpoint { return launch }
    return nil
  }

  fileprivate var headers: [String: String]? {
    if case .http(_, _, let headers) = endpoint { return headers }
    return nil
  }
}
