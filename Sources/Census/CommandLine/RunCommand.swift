import CCurl
import CSystem
import Dispatch
import Glibc

/// `mcp-census run MANIFEST... [options]`
enum RunCommand {
  /// Formats this version writes.
  static let supportedFormats: [ReportFormat] = [.json, .markdown, .junit, .sarif]

  static func main(arguments: [String], environment: [String: String]) -> Int32 {
    // Large message buffers and report pieces go back to the system when
    // freed, so peak memory is what is live, not what was once used.
    _ = csystem_set_mmap_threshold(128 * 1024)
    let options: RunOptions
    do {
      options = try RunOptions(arguments: arguments)
    } catch {
      return CensusCommand.usageFailure(error.message, usage: HelpText.runUsage)
    }
    if options.help { return CensusCommand.shown(HelpText.run, what: "the help") }
    let console = Console(verbosity: options.verbosity, environment: environment)

    guard let jobs = loadJobs(options, environment: environment, console: console) else {
      return ExitCode.usage
    }
    // libcurl is loaded on first use; when a server to run has a URL, that
    // is now, so a libcurl that cannot be loaded stops the run (exit 2)
    // before any server starts. Jobs of stdio servers never load it.
    if jobs.contains(where: \.runsRemoteServers) { ccurl_require() }

    let cancellation = Cancellation()
    let signals = SignalHandling(cancellation: cancellation, console: console)
    defer { signals.restore() }
    var worst = ExitCode.success
    var unwritten = false
    for job in jobs {
      let code = run(job, options: options, cancellation: cancellation, console: console)
      worst = moreSevere(worst, code ?? ExitCode.notWritten)
      unwritten = unwritten || code == nil
      if cancellation.reason == .interrupted { break }
    }
    ProcessGroups.killOrphans()
    // Reports that were not written win over 130, which promises a
    // partial report.
    return unwritten ? ExitCode.notWritten : worst
  }

  /// A manifest with what the command line selected.
  struct Job {
    var manifest: Manifest
    /// What `--only` and `--tag` selected, before `--shard`.
    var selected: Set<String>
    var selectionReason: String
    var shard: Shard?
    /// The report to compare with, when `--baseline` found one.
    var baseline: CensusReport?

    /// Whether `--shard` (if given) leaves `name` to this run.
    func inShard(_ name: String) -> Bool {
      shard?.contains(name) ?? true
    }

    /// Whether a server this run will start is reached over HTTP.
    var runsRemoteServers: Bool {
      manifest.servers.contains { server in
        guard server.enabled, selected.contains(server.name), inShard(server.name),
          case .http = server.endpoint
        else { return false }
        return true
      }
    }
  }

  /// Loads and checks every manifest before anything runs; nil on any error.
  private static func loadJobs(
    _ options: RunOptions, environment: [String: String], console: Console
  ) -> [Job]? {
    var jobs: [Job] = []
    var failed = false
    for path in options.manifests {
      do {
        let manifest = options.applied(
          to: try ManifestLoader.load(path: path, environment: environment))
        let (selected, reason) = try selection(options, manifest)
        let baseline = try baseline(options, manifest, console: console)
        jobs.append(Job(
          manifest: manifest, selected: selected, selectionReason: reason,
          shard: options.shard, baseline: baseline))
      } catch let error as ManifestErrors {
        console.diagnostic(error.rendered)
        failed = true
      } catch let error as UsageError {
        console.diagnostic("mcp-census: error: \(error.message)")
        failed = true
      } catch {
        console.diagnostic("mcp-census: error: \(error)")
        failed = true
      }
    }
    if !failed, let problem = outputProblem(jobs, options: options) {
      console.diagnostic("mcp-census: error: \(problem)")
      failed = true
    }
    return failed ? nil : jobs
  }

  /// Why the reports could not be written, found before any server runs:
  /// two jobs that would overwrite each other's reports, or a folder that
  /// cannot be created or written.
  private static func outputProblem(_ jobs: [Job], options: RunOptions) -> String? {
    var folders: [String: String] = [:]
    for job in jobs {
      let folder = options.out ?? job.manifest.output.dir
      if folder == "-" && StandardStreams.isOutputClosed {
        return "--out - streams the report to standard output, which is closed; "
          + "give it a file or pipe, or write the reports with --out DIR"
      }
      if folder == "-" { continue }
      let key = folder + "/" + job.manifest.job
      if let other = folders[key] {
        return "\(job.manifest.path) and \(other) both name job "
          + "'\(job.manifest.job)'; their reports in \(folder) would overwrite each other"
      }
      folders[key] = job.manifest.path
      do {
        try ReportFiles(directory: folder).prepareDirectory()
      } catch {
        return "cannot write reports to \(folder): \(error)"
      }
    }
    return nil
  }

  /// The `--baseline` report: a path must be readable (a usage error
  /// otherwise, before anything runs); `previous` is the report this run
  /// will replace, and a first run without one only gets a note.
  private static func baseline(
    _ options: RunOptions, _ manifest: Manifest, console: Console
  ) throws(UsageError) -> CensusReport? {
    guard let choice = options.baseline else { return nil }
    let report = try savedBaseline(choice, options, manifest, console: console)
    if let report, let note = DriftComparison.jobNote(
      baseline: report.job, current: manifest.job)
    {
      console.note(note)
    }
    return report
  }

  private static func savedBaseline(
    _ choice: String, _ options: RunOptions, _ manifest: Manifest, console: Console
  ) throws(UsageError) -> CensusReport? {
    if choice == "previous" {
      var folder = options.out ?? manifest.output.dir
      if folder == "-" { folder = manifest.output.dir }
      let path = try? ReportFiles(directory: folder)
        .path(job: manifest.job, fileExtension: "json")
      guard let path else { return nil }
      do {
        return try SavedReport.load(path: path)
      } catch .missing {
        console.note(
          "mcp-census: note: no previous report at \(path) to compare with; "
            + "drift starts from this run")
        return nil
      } catch {
        throw UsageError(
          "--baseline previous: \(UntrustedText.terminalSafe(error.message)); "
            + "move it aside to start drift afresh")
      }
    }
    do {
      return try SavedReport.load(path: choice)
    } catch {
      throw UsageError(
        "--baseline: \(UntrustedText.terminalSafe(error.message))")
    }
  }

  private static func selection(
    _ options: RunOptions, _ manifest: Manifest
  ) throws(UsageError) -> (Set<String>, String) {
    let (selected, reason) = try options.selection(in: manifest)
    let runnable = manifest.servers.filter { $0.enabled && selected.contains($0.name) }
    guard !runnable.isEmpty else {
      throw UsageError(
        "\(manifest.path) selects no server to run (all disabled or filtered out); "
          + "a run of zero servers would prove nothing")
    }
    return (selected, reason)
  }

  /// Runs one job and writes its reports.
  /// - Returns: the job's exit code, or nil when its reports could not
  ///   be written (the error is printed).
  private static func run(
    _ job: Job, options: RunOptions, cancellation: Cancellation, console: Console
  ) -> Int32? {
    let runner = JobRunner(
      manifest: job.manifest, selected: job.selected.filter(job.inShard),
      selectionReason: job.selectionReason, connector: DefaultConnector(),
      cancellation: cancellation, console: console,
      clientVersion: CensusCommand.version)
    if let shard = job.shard, !job.manifest.servers.contains(where: {
      $0.enabled && job.selected.contains($0.name) && shard.contains($0.name)
    }) {
      console.note(
        "mcp-census: note: shard \(shard.label) of \(job.manifest.job) holds "
          + "no server to run; its report lists every server as skipped")
    }
    // Dispatch starts its worker threads on demand, a few milliseconds
    // after work arrives; one asked for now is already waiting when the
    // audit spreads over the cores, so no core idles at the start of it.
    DispatchQueue.global().async {}
    let report = audited(sharded(runner.run(), job: job), job: job)
    // The lanes and the audit's workers each freed their scratch memory
    // into a malloc arena of their own, which keeps it; writing the
    // reports is the run's peak, so that memory is given back first.
    _ = csystem_trim_heap()
    let output = ReportOutput(
      directory: options.out ?? job.manifest.output.dir,
      formats: options.out == "-"
        ? [options.formats?.first ?? .json] : job.manifest.output.formats,
      console: console,
      failOn: options.failOn)
    let written: [String]
    do {
      written = try output.write(report)
    } catch {
      console.diagnostic(output.problem(error))
      return nil
    }
    summarise(report, written: written, console: console)
    summariseAudit(report, console: console)
    return ExitPolicy.code(for: report, failOn: options.failOn)
  }

  /// The report of a `--shard` run: the servers other shards run get
  /// their shard as the skip reason, and the report records its shard.
  static func sharded(_ report: consuming CensusReport, job: Job) -> CensusReport {
    guard let shard = job.shard else { return report }
    report.shard = shard
    for index in report.servers.indices {
      let server = report.servers[index]
      guard server.status == .skipped, job.selected.contains(server.name),
        server.skipReason == job.selectionReason, !shard.contains(server.name)
      else { continue }
      report.servers[index].skipReason = Shard.skipReason(
        index: Shard.index(of: server.name, count: shard.count),
        count: shard.count)
    }
    return report
  }

  /// The report with what the audit adds: manifest facts (and literal
  /// secrets in arguments masked in `target`), suppressions, findings and
  /// drift from the baseline. `report` is consumed, so its servers are
  /// changed in place instead of copied.
  static func audited(_ report: consuming CensusReport, job: Job) -> CensusReport {
    let manifest = job.manifest
    let specs = Dictionary(
      manifest.servers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for index in report.servers.indices {
      guard let spec = specs[report.servers[index].name] else { continue }
      report.servers[index].manifestFacts = ManifestFacts(spec, secrets: manifest.secrets)
    }
    report.suppressions = manifest.suppressions
    report.findings = Audit.findings(for: report)
    if let baseline = job.baseline {
      report.drift = DriftComparison.compare(baseline: baseline, current: report)
    }
    return report
  }

  /// Findings counts and drift on stderr; each finding with --verbose.
  private static func summariseAudit(_ report: CensusReport, console: Console) {
    if let drift = report.drift {
      console.note(String(DriftText.text(drift).dropLast()))
    }
    guard !report.findings.isEmpty else { return }
    for finding in report.findings {
      console.detail(FindingText.line(finding))
    }
    console.note(FindingText.summary(report.findings))
  }

  /// The last line of a stderr tail that holds text, cut to 160
  /// characters.
  private static func lastLine(_ tail: String) -> String? {
    guard let line = tail.split(whereSeparator: \.isNewline)
      .last(where: { !$0.allSatisfy(\.isWhitespace) })
    else { return nil }
    return line.count > 160 ? line.prefix(160) + "…" : String(line)
  }

  /// One closing line per job on stderr, and one line per failed server.
  private static func summarise(
    _ report: CensusReport, written: [String], console: Console
  ) {
    let summary = report.summary
    for server in report.servers where !server.status.isDiscovered {
      var cause = server.failure.map { "\($0.kind): \($0.message)" } ?? ""
      // What the server said last is most often why: a missing key, a
      // bad argument. The tail was redacted when it was kept.
      if let last = server.stderrTail.flatMap(Self.lastLine) {
        cause += "; its stderr ends: " + last
      }
      console.note(console.emphasised("\(server.name): \(server.status.rawValue)")
        + " " + UntrustedText.terminalSafe(cause))
    }
    var line = "\(report.job): \(summary.ok) ok"
    if summary.partial > 0 { line += ", \(summary.partial) partial" }
    if summary.failed > 0 { line += ", \(summary.failed) not discovered" }
    if summary.skipped > 0 { line += ", \(summary.skipped) skipped" }
    line += "; " + [
      counted(summary.tools, "tool"), counted(summary.resources, "resource"),
      counted(summary.resourceTemplates, "template"), counted(summary.prompts, "prompt"),
    ].joined(separator: ", ")
    if !written.isEmpty { line += "\nreports: " + written.joined(separator: ", ") }
    console.note(line)
  }

  /// Which of two exit codes wins: interrupted, then discovery failures,
  /// then findings, then success (usage errors never get this far).
  static func moreSevere(_ first: Int32, _ second: Int32) -> Int32 {
    let order = [ExitCode.interrupted, ExitCode.discoveryFailed, ExitCode.findings]
    for code in order where first == code || second == code { return code }
    return ExitCode.success
  }
}
