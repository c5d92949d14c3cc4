/// `{"mcpServers": {...}}`: Claude Desktop, Cursor, Claude Code's
/// `.mcp.json`, Windsurf (`serverUrl`) and Gemini CLI (`httpUrl`) all
/// write their servers this way; the entry converter knows each one's
/// keys.
enum MCPServersReader: ClientConfigReader {
  static func accepts(_ root: JSONObject, path: String) -> Bool {
    root["mcpServers"] != nil
  }

  static func entries(
    in root: JSONObject, path: String, client: String
  ) -> [ClientEntry] {
    members(
      of: root["mcpServers"], path: path, keyPath: "mcpServers",
      client: client)
  }
}

/// Claude Code's `~/.claude.json`: user servers under `mcpServers` and
/// each project's under `projects.<folder>.mcpServers`.
enum ClaudeCodeUserReader: ClientConfigReader {
  static func accepts(_ root: JSONObject, path: String) -> Bool {
    guard let projects = root["projects"]?.objectValue else { return false }
    return projects.members.contains { $0.value["mcpServers"] != nil }
  }

  static func entries(
    in root: JSONObject, path: String, client: String
  ) -> [ClientEntry] {
    var entries = members(
      of: root["mcpServers"], path: path, keyPath: "mcpServers",
      client: "claude-code")
    for project in root["projects"]?.objectValue?.members ?? [] {
      entries += members(
        of: project.value["mcpServers"], path: path,
        keyPath: "projects[\(project.key)].mcpServers", client: "claude-code")
    }
    return entries
  }
}

/// VS Code: `.vscode/mcp.json` (`servers` and `inputs`) and the user's
/// `settings.json` (`mcp.servers`, or `"mcp": {"servers": ...}`).
enum VSCodeReader: ClientConfigReader {
  static func accepts(_ root: JSONObject, path: String) -> Bool {
    root["servers"]?.objectValue != nil || root["mcp.servers"] != nil
      || root["mcp"]?["servers"] != nil
  }

  static func entries(
    in root: JSONObject, path: String, client: String
  ) -> [ClientEntry] {
    var found: [ClientEntry] = []
    var inputs: [String: String] = [:]
    if let settings = root["mcp"]?.objectValue {
      found = members(
        of: settings["servers"], path: path, keyPath: "mcp.servers",
        client: "vscode")
      inputs = inputsByID(settings["inputs"])
    } else if root["mcp.servers"] != nil {
      found = members(
        of: root["mcp.servers"], path: path, keyPath: "mcp.servers",
        client: "vscode")
      inputs = inputsByID(root["mcp.inputs"])
    } else {
      found = members(
        of: root["servers"], path: path, keyPath: "servers", client: "vscode")
      inputs = inputsByID(root["inputs"])
    }
    return found.map { entry in
      var entry = entry
      entry.inputs = inputs
      return entry
    }
  }

  /// `[{"id": "token", "description": "GitHub token", ...}]` by id.
  private static func inputsByID(_ value: JSONValue?) -> [String: String] {
    var inputs: [String: String] = [:]
    for input in value?.arrayValue ?? [] {
      guard let id = input["id"]?.stringValue else { continue }
      inputs[id] = input["description"]?.stringValue ?? "VS Code input '\(id)'"
    }
    return inputs
  }
}
