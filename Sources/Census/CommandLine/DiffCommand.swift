import Glibc

/// `mcp-census diff OLD.json NEW.json [--format text|json]`: the drift
/// between two saved reports. Exit 0 no drift, 1 drift, 2 usage or a
/// report that cannot be read, 3 stdout that did not take the drift.
enum DiffCommand {
  static func main(arguments: [String]) -> Int32 {
    let parsed: ParsedArguments
    switch CensusCommand.parse(
      arguments, options: [.value("format", "text|json"), .flag("help")],
      usage: HelpText.diffUsage, help: HelpText.diff)
    {
    case .exit(let code): return code
    case .arguments(let arguments): parsed = arguments
    }
    let format = parsed.values["format"] ?? "text"
    guard format == "text" || format == "json" else {
      return CensusCommand.usageFailure(
        "unknown format '\(format)' (known: text, json)", usage: HelpText.diffUsage)
    }
    guard parsed.positionals.count == 2 else {
      return CensusCommand.usageFailure(
        "diff needs two reports, the older first", usage: HelpText.diffUsage)
    }

    let old: CensusReport
    let new: CensusReport
    do {
      old = try SavedReport.load(path: parsed.positionals[0])
      new = try SavedReport.load(path: parsed.positionals[1])
    } catch {
      Console.write(
        "mcp-census: error: \(UntrustedText.terminalSafe(error.message))\n",
        to: STDERR_FILENO)
      return ExitCode.usage
    }

    if let note = DriftComparison.jobNote(baseline: old.job, current: new.job) {
      Console.write(note + "\n", to: STDERR_FILENO)
    }
    let drift = DriftComparison.compare(baseline: old, current: new)
    let text: String
    if format == "json" {
      var bytes = JSONWriter(pretty: true).bytes(drift.jsonValue())
      bytes.append(UInt8(ascii: "\n"))
      text = String(decoding: bytes, as: UTF8.self)
    } else {
      text = DriftText.text(drift)
    }
    guard CensusCommand.printed(text, what: "the drift") else {
      return ExitCode.notWritten
    }
    return drift.isEmpty ? ExitCode.success : ExitCode.findings
  }
}
