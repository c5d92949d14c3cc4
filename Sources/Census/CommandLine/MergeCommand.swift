import Glibc

/// `mcp-census merge REPORT.json... --out DIR [--format LIST]
/// [--baseline REPORT.json] [--fail-on LEVEL]`: the shard reports of one
/// job combined into the report a single run would have written, then
/// drift and the exit code as `run` would give them.
enum MergeCommand {
  static let specs: [OptionSpec] = [
    .value("out", "DIR"), .value("format", "LIST"),
    .value("baseline", "REPORT.json"), .value("fail-on", "LEVEL"),
    .flag("quiet"), .flag("help"),
  ]

  static func main(arguments: [String], environment: [String: String]) -> Int32 {
    let parsed: ParsedArguments
    switch CensusCommand.parse(
      arguments, options: specs, usage: HelpText.mergeUsage, help: HelpText.merge)
    {
    case .exit(let code): return code
    case .arguments(let arguments): parsed = arguments
    }
    let failOn: FailOn
    let formats: [ReportFormat]
    do {
      failOn = try parsed.values["fail-on"].map(RunOptions.failOn)
        ?? FailOn.defaultLevel
      formats = try parsed.values["format"].map(RunOptions.formats)
        ?? [.json, .markdown]
    } catch {
      return CensusCommand.usageFailure(error.message, usage: HelpText.mergeUsage)
    }
    guard let out = parsed.values["out"] else {
      return CensusCommand.usageFailure(
        "merge needs --out DIR for the merged report", usage: HelpText.mergeUsage)
    }
    guard !parsed.positionals.isEmpty else {
      return CensusCommand.usageFailure(
        "merge needs the shard reports", usage: HelpText.mergeUsage)
    }
    guard out != "-" || formats.count == 1 || parsed.values["format"] == nil else {
      return CensusCommand.usageFailure(
        "--out - streams one report; give one --format", usage: HelpText.mergeUsage)
    }
    let console = Console(
      verbosity: parsed.flags.contains("quiet") ? .quiet : .normal,
      environment: environment)

    var report: CensusReport
    do {
      report = try merged(parsed.positionals, baseline: parsed.values["baseline"])
    } catch {
      console.diagnostic(
        error.problems.map { "mcp-census: error: \($0)" }
          .joined(separator: "\n"))
      return ExitCode.usage
    }
    report.toolVersion = CensusCommand.version
    let output = ReportOutput(
      directory: out, formats: formats, console: console, failOn: failOn)
    let written: [String]
    do {
      written = try output.write(report)
    } catch {
      console.diagnostic(output.problem(error))
      return ExitCode.notWritten
    }
    let summary = report.summary
    var line = "\(report.job): merged \(parsed.positionals.count) shards, "
      + "\(summary.ok) ok, \(summary.partial) partial, "
      + "\(summary.failed) not discovered, \(summary.skipped) skipped"
    if !written.isEmpty { line += "\nreports: " + written.joined(separator: ", ") }
    console.note(line)
    return ExitPolicy.code(for: report, failOn: failOn, honourInterruption: false)
  }

  /// Loads the shard reports and the baseline, merges, applies drift.
  private static func merged(
    _ paths: [String], baseline: String?
  ) throws(ShardMergeError) -> CensusReport {
    var inputs: [ShardMerge.Input] = []
    var problems: [String] = []
    for path in paths {
      do {
        inputs.append(.init(path: path, report: try SavedReport.load(path: path)))
      } catch {
        problems.append(UntrustedText.terminalSafe(error.message))
      }
    }
    var old: CensusReport?
    if let baseline {
      do {
        old = try SavedReport.load(path: baseline)
      } catch {
        problems.append(
          "--baseline: " + UntrustedText.terminalSafe(error.message))
      }
    }
    guard problems.isEmpty else { throw ShardMergeError(problems: problems) }
    var report = try ShardMerge.merge(inputs)
    if let old {
      report.drift = DriftComparison.compare(baseline: old, current: report)
    }
    return report
  }
}
