import Testing

@testable import Census

/// The client readers, the entry converter and the YAML emitter, without
/// the binary.
@Suite struct ImportReaderTests {
  func entries(_ text: String, path: String) throws -> [ClientEntry] {
    let root = try LenientJSON.parse(Array(text.utf8))
    return try #require(ClientConfigFormats.entries(in: root, path: path))
  }

  @Test func readsVSCodeSettingsWithTheFlatKey() throws {
    let found = try entries("""
      {"mcp.servers": {"a": {"command": "x"}},
       "mcp.inputs": [{"id": "k", "description": "Key"}]}
      """, path: "/home/me/.config/Code/User/settings.json")
    #expect(found.map(\.name) == ["a"])
    #expect(found[0].client == "vscode")
    #expect(found[0].inputs == ["k": "Key"])
    #expect(found[0].location == "/home/me/.config/Code/User/settings.json: mcp.servers.a")
  }

  @Test(arguments: [
    ("/Users/me/Library/Application Support/Claude/claude_desktop_config.json",
      "claude-desktop"),
    ("/home/me/.cursor/mcp.json", "cursor"),
    ("/home/me/.codeium/windsurf/mcp_config.json", "windsurf"),
    ("/home/me/.gemini/settings.json", "gemini-cli"),
    ("/repo/.mcp.json", "claude-code"),
    ("/somewhere/config.json", "mcp-client"),
  ])
  func namesTheClientFromThePath(path: String, client: String) {
    #expect(ClientConfigFormats.client(of: path) == client)
  }

  @Test func aFileWithoutServersIsNoClientConfig() throws {
    let root = try LenientJSON.parse(Array("{\"theme\": \"dark\"}".utf8))
    #expect(ClientConfigFormats.entries(in: root, path: "s.json") == nil)
  }

  @Test func oneSecretUsedTwiceGetsOneVariable() throws {
    var converter = EntryConverter()
    let found = try entries("""
      {"mcpServers": {
        "a": {"command": "x", "env": {"API_TOKEN": "s3cr3t-value-1"}},
        "b": {"command": "y", "env": {"API_TOKEN": "s3cr3t-value-1"}},
        "c": {"command": "z", "env": {"API_TOKEN": "another-value-2"}}
      }}
      """, path: "c.json")
    let converted = found.map { converter.convert($0) }
    let values = converted.compactMap { server -> String? in
      guard case .stdio(_, _, let env, _)? = server.endpoint else { return nil }
      return env.first?.1
    }
    #expect(values == ["${API_TOKEN}", "${API_TOKEN}", "${C_API_TOKEN}"])
    #expect(converter.variables.needed.map(\.name) == ["API_TOKEN", "C_API_TOKEN"])
  }

  @Test func theEmitterWritesStringsThatReadBackExactly() throws {
    let tricky = [
      "quote \" and \\ backslash", "line\nbreak", "tab\there", "NO", "true",
      "1.0", "", "# not a comment", "- not a list", "key: value", "é ü 日本",
      "bell \u{7}", "  spaces  ", "[flow]", "{map}", "*alias", "&anchor",
    ]
    let env = tricky.enumerated().map { ("K\($0.offset)", YAMLOutput.string($0.element)) }
    let document = YAMLOutput.mapping([
      ("version", .plain("1")), ("job", .string("j")),
      ("servers", .sequence([.mapping([
        ("name", .string("s")), ("command", .string("x")),
        ("args", .flowSequence(tricky.map(YAMLOutput.string))),
        ("env", .mapping(env + [("<<", .string("merge")), ("a: b", .string("c"))])),
      ])])),
    ])
    let text = try YAMLEmitter.text(document)
    let manifest = try ManifestLoader.load(text: text, path: "t.yaml", environment: [:])
    guard case .stdio(let launch) = manifest.servers[0].endpoint else {
      Issue.record("not stdio")
      return
    }
    #expect(launch.args == tricky)
    for (index, value) in tricky.enumerated() {
      #expect(launch.env["K\(index)"] == value)
    }
    #expect(launch.env["<<"] == "merge")
    #expect(launch.env["a: b"] == "c")
  }
}
