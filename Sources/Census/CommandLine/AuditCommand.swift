import Glibc

/// `mcp-census audit REPORT.json [--fail-on LEVEL] [--format ...]`: the
/// checks run again on a saved report, offline, with the suppressions it
/// recorded. The exit code follows `--fail-on` as `run` does (no 130:
/// nothing is interrupted here), and is 3 when stdout does not take
/// the findings.
enum AuditCommand {
  static let formats = ["text", "json", "sarif", "junit"]

  static func main(arguments: [String]) -> Int32 {
    let parsed: ParsedArguments
    switch CensusCommand.parse(
      arguments,
      options: [.value("fail-on", "LEVEL"), .value("format", "FORMAT"), .flag("help")],
      usage: HelpText.auditUsage, help: HelpText.audit)
    {
    case .exit(let code): return code
    case .arguments(let arguments): parsed = arguments
    }
    let failOn: FailOn
    do {
      failOn = try parsed.values["fail-on"].map(RunOptions.failOn)
        ?? FailOn.defaultLevel
    } catch {
      return CensusCommand.usageFailure(error.message, usage: HelpText.auditUsage)
    }
    let format = parsed.values["format"] ?? "text"
    guard formats.contains(format) else {
      return CensusCommand.usageFailure(
        "unknown format '\(format)' (known: \(formats.joined(separator: ", ")))",
        usage: HelpText.auditUsage)
    }
    guard parsed.positionals.count == 1 else {
      return CensusCommand.usageFailure(
        "audit needs one report", usage: HelpText.auditUsage)
    }

    var report: CensusReport
    do {
      report = try SavedReport.load(path: parsed.positionals[0])
    } catch {
      Console.write(
        "mcp-census: error: \(UntrustedText.terminalSafe(error.message))\n",
        to: STDERR_FILENO)
      return ExitCode.usage
    }
    report.findings = Audit.findings(for: report)
    let text = output(report, format: format, failOn: failOn)
    guard CensusCommand.printed(text, what: "the findings") else {
      return ExitCode.notWritten
    }
    if let reason = ExitPolicy.reason(
      for: report, failOn: failOn, honourInterruption: false)
    {
      Console.write("mcp-census: audit fails: \(reason)\n", to: STDERR_FILENO)
    }
    return ExitPolicy.code(for: report, failOn: failOn, honourInterruption: false)
  }

  private static func output(
    _ report: CensusReport, format: String, failOn: FailOn
  ) -> String {
    switch format {
    case "json":
      let findings = JSONValue.array(report.findings.map { $0.jsonValue() })
      return JSONWriter(pretty: true).string(findings) + "\n"
    case "sarif":
      return JSONWriter(pretty: true).string(SARIFReport().jsonValue(report)) + "\n"
    case "junit":
      return JUnitReport(failOn: failOn).xml(report)
    default:
      let lines = report.findings.map(FindingText.line)
        + [FindingText.summary(report.findings)]
      return lines.joined(separator: "\n") + "\n"
    }
  }
}
