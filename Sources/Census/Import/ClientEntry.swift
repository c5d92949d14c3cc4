/// One server entry as a client's configuration file holds it, before
/// conversion: where it is, which client wrote it, and its JSON.
struct ClientEntry {
  /// The entry's key in the file: the server's name for that client.
  var name: String
  /// `cursor`, `vscode`, `claude-code`, ...; also the manifest tag.
  var client: String
  /// `~/.cursor/mcp.json: mcpServers.github`, for messages and comments.
  var location: String
  var value: JSONValue
  /// VS Code `inputs` by id: the prompt text the user would be shown.
  var inputs: [String: String] = [:]
}

/// Reads one client configuration format into entries.
protocol ClientConfigReader {
  /// Whether `root` is in this reader's format.
  static func accepts(_ root: JSONObject, path: String) -> Bool
  /// The entries, each with its location in `path`.
  static func entries(
    in root: JSONObject, path: String, client: String
  ) -> [ClientEntry]
}

extension ClientConfigReader {
  /// One entry per member of a `{name: entry}` object.
  static func members(
    of value: JSONValue?, path: String, keyPath: String, client: String
  ) -> [ClientEntry] {
    guard let object = value?.objectValue else { return [] }
    return object.members.map { member in
      ClientEntry(
        name: member.key, client: client,
        location: "\(path): \(keyPath).\(member.key)", value: member.value)
    }
  }
}

/// Picks the reader for a parsed file and names its client.
enum ClientConfigFormats {
  /// Most specific first: a `~/.claude.json` also has `mcpServers`.
  static var readers: [any ClientConfigReader.Type] {
    [
      ClaudeCodeUserReader.self, VSCodeReader.self, MCPServersReader.self,
    ]
  }

  /// The entries of a parsed configuration file, or nil when it is in no
  /// format we know.
  static func entries(in root: JSONValue, path: String) -> [ClientEntry]? {
    guard let object = root.objectValue else { return nil }
    for reader in readers where reader.accepts(object, path: path) {
      return reader.entries(in: object, path: path, client: client(of: path))
    }
    return nil
  }

  /// The client that writes `path`, guessed from its name and folder.
  static func client(of path: String) -> String {
    let lower = path.lowercased()
    let guesses: [(String, String)] = [
      ("claude_desktop_config.json", "claude-desktop"),
      (".cursor/", "cursor"), ("windsurf", "windsurf"),
      (".gemini/", "gemini-cli"), (".vscode/", "vscode"),
      ("/code/user/", "vscode"), ("code - insiders", "vscode"),
      (".claude.json", "claude-code"), (".mcp.json", "claude-code"),
    ]
    for (fragment, client) in guesses where lower.contains(fragment) {
      return client
    }
    return "mcp-client"
  }
}
