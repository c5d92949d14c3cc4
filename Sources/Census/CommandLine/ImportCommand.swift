import Glibc

/// `mcp-census import FILE... [--local] [--out FILE] [--job NAME]`: a
/// manifest from the MCP configurations of Claude Desktop, Cursor, VS
/// Code, Claude Code, Windsurf and Gemini CLI. Exit 0 when a server was
/// imported; 2 on a usage error, an unreadable file given by name, or
/// nothing to import; 3 when the manifest could not be written.
enum ImportCommand {
  static let specs: [OptionSpec] = [
    .value("out", "FILE"), .value("job", "NAME"), .flag("local"),
    .flag("help"),
  ]

  static func main(arguments: [String], environment: [String: String]) -> Int32 {
    let parsed: ParsedArguments
    switch CensusCommand.parse(
      arguments, options: specs, usage: HelpText.importUsage,
      help: HelpText.importHelp)
    {
    case .exit(let code): return code
    case .arguments(let arguments): parsed = arguments
    }
    let local = parsed.flags.contains("local")
    guard local || !parsed.positionals.isEmpty else {
      return CensusCommand.usageFailure(
        "import needs client configuration files or --local",
        usage: HelpText.importUsage)
    }
    let job = parsed.values["job"] ?? "imported"
    guard isJobName(job) else {
      return CensusCommand.usageFailure(
        "--job needs a name of letters, digits, '.', '_' and '-', not '\(job)'",
        usage: HelpText.importUsage)
    }

    var found = ClientImport()
    for path in parsed.positionals { found.read(path) }
    let named = Set(parsed.positionals)
    if local {
      for path in LocalConfigs.candidates(environment: environment)
      where !named.contains(path) {
        found.read(path)
      }
    }
    let failedByName = report(found, named: named, local: local)
    let servers = found.namedServers
    let converted = servers.filter { $0.endpoint != nil }
    reportProblems(servers)
    guard !failedByName else { return ExitCode.usage }
    guard !converted.isEmpty else {
      let why = servers.isEmpty
        ? "no MCP server was found in what was read"
        : servers.count == 1
          ? "the one server found could not be converted"
          : "none of the \(servers.count) servers found could be converted"
      say("mcp-census: error: nothing to import: \(why)")
      return ExitCode.usage
    }

    let read = found.sources.compactMap { source -> String? in
      if case .read = source.state { return source.path }
      return nil
    }
    let manifest = ImportedManifest(job: job, sources: read, servers: servers)
    return write(manifest, to: parsed.values["out"], variables: found.variables)
  }

  private static func write(
    _ manifest: ImportedManifest, to out: String?,
    variables: [ImportVariables.Needed]
  ) -> Int32 {
    let text: String
    do {
      text = try manifest.text()
    } catch {
      say("mcp-census: error: \(error)")
      return ExitCode.usage
    }
    var check = ProcessEnvironment.current()
    for variable in variables { check[variable.name] = "set" }
    do {
      _ = try ManifestLoader.load(text: text, path: "import", environment: check)
    } catch {
      say("mcp-census: error: the imported manifest does not load, a bug:\n"
        + error.rendered)
      return ExitCode.usage
    }
    if let out, out != "-" {
      let slash = out.lastIndex(of: "/")
      let folder = slash.map { String(out[..<$0]) } ?? "."
      let name = slash.map { String(out[out.index(after: $0)...]) } ?? out
      do {
        try ReportFiles(directory: folder.isEmpty ? "/" : folder)
          .write(Array(text.utf8), fileName: name)
      } catch {
        say("mcp-census: error: cannot write the manifest: \(error)")
        return ExitCode.notWritten
      }
      let count = manifest.servers.filter { $0.endpoint != nil }.count
      say("wrote \(out): \(count) servers")
    } else if !CensusCommand.printed(text, what: "the manifest") {
      return ExitCode.notWritten
    }
    if !variables.isEmpty {
      say("set these environment variables before running the manifest:")
      for variable in variables {
        say("  \(variable.name)  \(UntrustedText.terminalSafe(variable.reason))")
      }
    }
    return ExitCode.success
  }

  /// Says which files were read, absent or unreadable; true when a file
  /// named on the command line could not be used.
  private static func report(
    _ found: ClientImport, named: Set<String>, local: Bool
  ) -> Bool {
    var failed = false
    for (path, state) in found.sources {
      let shown = UntrustedText.terminalSafe(path)
      switch state {
      case .read(let count):
        say("read \(shown): \(count) server" + (count == 1 ? "" : "s"))
      case .absent:
        if named.contains(path) {
          say("mcp-census: error: \(shown): no such file")
          failed = true
        } else {
          say("absent \(shown)")
        }
      case .unreadable(let reason):
        let text = "\(shown): \(UntrustedText.terminalSafe(reason))"
        if named.contains(path) {
          say("mcp-census: error: \(text)")
          failed = true
        } else {
          say("unreadable \(text)")
        }
      case .notAClientConfig:
        let text = "\(shown): no MCP servers in it (no 'mcpServers', 'servers' "
          + "or 'mcp.servers')"
        if named.contains(path) {
          say("mcp-census: error: \(text)")
          failed = true
        } else {
          say("read \(text)")
        }
      }
    }
    return failed
  }

  /// Every entry that could not be converted, with the reason.
  private static func reportProblems(_ servers: [ImportedServer]) {
    for server in servers {
      let location = UntrustedText.terminalSafe(server.location)
      if let problem = server.problem {
        say("not imported: \(location): \(UntrustedText.terminalSafe(problem))")
        continue
      }
      if server.name != server.originalName {
        say("imported \(location) as '\(server.name)'")
      }
      if !server.dropped.isEmpty {
        let keys = server.dropped.joined(separator: ", ")
        say("left out of \(location): \(UntrustedText.terminalSafe(keys))")
      }
    }
  }

  private static func isJobName(_ text: String) -> Bool {
    !text.isEmpty && text.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0))
    }
  }

  private static func say(_ line: String) {
    Console.write(line + "\n", to: STDERR_FILENO)
  }
}
