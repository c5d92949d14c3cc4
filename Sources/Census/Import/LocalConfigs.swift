/// The well-known places MCP clients keep their configuration on this
/// machine, for `import --local`: under `$HOME` (Linux and macOS),
/// `$XDG_CONFIG_HOME` (default `~/.config`), and the current folder's
/// project files.
enum LocalConfigs {
  /// Candidate files in a fixed order, duplicates removed.
  static func candidates(environment: [String: String]) -> [String] {
    let home = environment["HOME"] ?? ""
    let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? home + "/.config"
    let macOS = home + "/Library/Application Support"
    var paths = [
      config + "/Claude/claude_desktop_config.json",
      macOS + "/Claude/claude_desktop_config.json",
      home + "/.cursor/mcp.json",
      config + "/Code/User/mcp.json",
      config + "/Code/User/settings.json",
      macOS + "/Code/User/mcp.json",
      macOS + "/Code/User/settings.json",
      home + "/.claude.json",
      home + "/.codeium/windsurf/mcp_config.json",
      home + "/.gemini/settings.json",
      ".mcp.json", ".vscode/mcp.json", ".cursor/mcp.json",
      ".gemini/settings.json",
    ]
    if home.isEmpty { paths.removeAll { $0.hasPrefix("/") } }
    var seen: Set<String> = []
    return paths.filter { seen.insert($0).inserted }
  }
}
