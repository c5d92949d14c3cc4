import Glibc

/// The command line of `mcp-census`: picks the subcommand and runs it.
public enum CensusCommand {
  /// The tool's version, also sent to servers as clientInfo.
  public static let version = "0.1.0"

  /// Runs the tool and returns the process exit code.
  public static func main(arguments: [String]) -> Int32 {
    StandardStreams.prepare()
    let environment = ProcessEnvironment.current()
    guard let first = arguments.first else {
      Console.write(HelpText.tool, to: STDERR_FILENO)
      return ExitCode.usage
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "--help", "-h", "help", "--version":
      guard rest.isEmpty else {
        var message = "'\(first)' takes no arguments, not '\(rest[0])'"
        if first != "--version" && commands.contains(rest[0]) {
          message += " (for its help: 'mcp-census \(rest[0]) --help')"
        }
        return usageFailure(message, usage: HelpText.toolUsage)
      }
      guard first == "--version" else { return shown(HelpText.tool, what: "the help") }
      let commit = BuildInfo.commit()
      return shown(
        BuildInfo.versionLine(version: version, commit: commit) + "\n",
        what: "the version")
    case "run":
      return RunCommand.main(arguments: rest, environment: environment)
    case "validate":
      return ValidateEntry.main(arguments: rest, environment: environment)
    case "diff":
      return DiffCommand.main(arguments: rest)
    case "audit":
      return AuditCommand.main(arguments: rest)
    case "merge":
      return MergeCommand.main(arguments: rest, environment: environment)
    case "import":
      return ImportCommand.main(arguments: rest, environment: environment)
    default:
      var message = "unknown command '\(first)'"
      if let guess = Suggestion.closest(to: first, among: commands) {
        message += " (did you mean '\(guess)'?)"
      }
      return usageFailure(message, usage: HelpText.toolUsage)
    }
  }

  static let commands = ["run", "validate", "diff", "audit", "merge", "import"]

  /// A subcommand's arguments, or the exit code when they asked for help
  /// (printed, 0) or were wrong (the error and usage printed, 2).
  enum Parsed {
    case arguments(ParsedArguments)
    case exit(Int32)
  }

  /// Parses a subcommand's arguments, answering `--help` and usage errors.
  static func parse(
    _ arguments: [String], options: [OptionSpec], usage: String, help: String
  ) -> Parsed {
    let parsed: ParsedArguments
    do {
      parsed = try ParsedArguments(arguments, options: options)
    } catch {
      return .exit(usageFailure(error.message, usage: usage))
    }
    guard !parsed.flags.contains("help") else {
      return .exit(shown(help, what: "the help"))
    }
    return .arguments(parsed)
  }

  /// Prints `text` (a help text, the version) and returns 0, or
  /// `notWritten` when stdout did not take it all.
  static func shown(_ text: String, what: String) -> Int32 {
    printed(text, what: what) ? ExitCode.success : ExitCode.notWritten
  }

  /// Writes output the user asked for to stdout. When stdout does not
  /// take it all (closed, a full disk, a reader that went away), says on
  /// stderr what could not be written and why, and returns false: the
  /// caller then exits `ExitCode.notWritten`.
  /// - Parameter what: the output, for the error: `the drift`.
  static func printed(_ text: String, what: String) -> Bool {
    do {
      try StandardStreams.writeOutput(text)
      return true
    } catch {
      Console.write(
        "mcp-census: error: cannot write \(what) to standard output: "
          + StandardStreams.reason(error) + "\n",
        to: STDERR_FILENO)
      return false
    }
  }

  /// Prints a usage error the way every subcommand does, and returns 2.
  static func usageFailure(_ message: String, usage: String) -> Int32 {
    Console.write(
      "mcp-census: error: \(message)\n\(usage)\nRun 'mcp-census --help' for more.\n",
      to: STDERR_FILENO)
    return ExitCode.usage
  }
}

/// The exit codes, distinct so CI can tell outcomes apart.
public enum ExitCode {
  /// Every server discovered, nothing at or above `--fail-on`.
  public static let success: Int32 = 0
  /// Findings or drift at or above `--fail-on`.
  public static let findings: Int32 = 1
  /// A usage or manifest error: nothing was run.
  public static let usage: Int32 = 2
  /// One or more servers could not be discovered.
  public static let discoveryFailed: Int32 = 3
  /// The reports, or other output asked for, could not be written (to
  /// files or to stdout). It shares 3 with `discoveryFailed`: either way
  /// the job's result is not all there, and 2 would claim nothing ran.
  public static let notWritten: Int32 = 3
  /// Interrupted by SIGINT or SIGTERM; a partial report was written.
  public static let interrupted: Int32 = 130
}

/// `mcp-census validate MANIFEST...`
enum ValidateEntry {
  static func main(arguments: [String], environment: [String: String]) -> Int32 {
    let parsed: ParsedArguments
    switch CensusCommand.parse(
      arguments, options: [.flag("help")], usage: HelpText.validateUsage,
      help: HelpText.validate)
    {
    case .exit(let code): return code
    case .arguments(let arguments): parsed = arguments
    }
    guard !parsed.positionals.isEmpty else {
      return CensusCommand.usageFailure(
        "validate needs at least one manifest", usage: HelpText.validateUsage)
    }
    var unwritten = false
    let code = ValidateCommand.run(
      paths: parsed.positionals, environment: environment,
      standardOutput: { text in
        guard !unwritten else { return }
        unwritten = !CensusCommand.printed(line(text), what: "the validation summary")
      },
      standardError: { Console.write(line($0), to: STDERR_FILENO) })
    // An invalid manifest is the answer the user needs most: 2 wins.
    return unwritten && code != ExitCode.usage ? ExitCode.notWritten : code
  }

  private static func line(_ text: String) -> String {
    text.hasSuffix("\n") ? text : text + "\n"
  }
}
