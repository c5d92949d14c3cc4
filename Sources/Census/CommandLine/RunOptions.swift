/// The options of `run`, parsed and checked; each overrides the manifest.
struct RunOptions {
  var manifests: [String] = []
  var out: String?
  var formats: [ReportFormat]?
  var concurrency: Int?
  var timeout: Duration?
  var retries: Int?
  var only: [String]?
  var tag: String?
  /// A saved report's path, or `previous`.
  var baseline: String?
  var failOn = FailOn.defaultLevel
  /// `--shard I/N`: run only the servers that hash to shard I of N.
  var shard: Shard?
  var verbosity = Console.Verbosity.normal
  var help = false

  static let specs: [OptionSpec] = [
    .value("out", "DIR"), .value("format", "LIST"), .value("concurrency", "N"),
    .value("timeout", "DURATION"), .value("retries", "N"),
    .value("only", "NAME[,NAME]"), .value("tag", "TAG"),
    .value("baseline", "REPORT.json|previous"), .value("fail-on", "LEVEL"),
    .value("shard", "I/N"),
    .flag("quiet"), .flag("verbose"), .flag("help"),
  ]

  init(arguments: [String]) throws(UsageError) {
    let parsed = try ParsedArguments(arguments, options: RunOptions.specs)
    help = parsed.flags.contains("help")
    manifests = parsed.positionals
    out = parsed.values["out"]
    if let list = parsed.values["format"] { formats = try RunOptions.formats(list) }
    if let text = parsed.values["concurrency"] {
      concurrency = try RunOptions.integer(text, option: "concurrency", in: 1...1024)
    }
    if let text = parsed.values["timeout"] {
      guard let duration = DurationText.parse(text), duration > .zero else {
        throw UsageError("--timeout needs a duration such as 30s or 250ms, not '\(text)'")
      }
      timeout = duration
    }
    if let text = parsed.values["retries"] {
      retries = try RunOptions.integer(text, option: "retries", in: 0...10)
    }
    only = parsed.values["only"].map {
      $0.split(separator: ",").map { String($0) }
    }
    tag = parsed.values["tag"]
    baseline = parsed.values["baseline"]
    if let text = parsed.values["fail-on"] { failOn = try RunOptions.failOn(text) }
    if let text = parsed.values["shard"] { shard = try Shard(parsing: text) }
    if parsed.flags.contains("quiet") && parsed.flags.contains("verbose") {
      throw UsageError("--quiet and --verbose cannot be used together")
    }
    if parsed.flags.contains("quiet") { verbosity = .quiet }
    if parsed.flags.contains("verbose") { verbosity = .verbose }
    if !help && manifests.isEmpty { throw UsageError("run needs at least one manifest") }
    if out == "-" && manifests.count > 1 {
      throw UsageError("--out - streams one report; give one manifest")
    }
    if out == "-", let formats, formats.count > 1 {
      throw UsageError("--out - streams one report; give one --format")
    }
  }

  static func formats(_ list: String) throws(UsageError) -> [ReportFormat] {
    var result: [ReportFormat] = []
    for name in list.split(separator: ",", omittingEmptySubsequences: false) {
      guard let format = ReportFormat(rawValue: String(name)),
        RunCommand.supportedFormats.contains(format)
      else {
        let known = RunCommand.supportedFormats.map(\.rawValue).joined(separator: ", ")
        throw UsageError("unknown format '\(name)' (known: \(known))")
      }
      if !result.contains(format) { result.append(format) }
    }
    return result
  }

  /// A `--fail-on` level, with the levels listed when it is not one.
  static func failOn(_ text: String) throws(UsageError) -> FailOn {
    guard let level = FailOn(rawValue: text) else {
      let names = FailOn.allCases.map(\.rawValue)
      var message = "unknown --fail-on level '\(text)' (known: "
        + names.joined(separator: ", ") + ")"
      if let guess = Suggestion.closest(to: text, among: names) {
        message = "unknown --fail-on level '\(text)' (did you mean '\(guess)'?)"
      }
      throw UsageError(message)
    }
    return level
  }

  private static func integer(
    _ text: String, option: String, in range: ClosedRange<Int>
  ) throws(UsageError) -> Int {
    guard let value = Int(text), range.contains(value) else {
      throw UsageError(
        "--\(option) needs a whole number from \(range.lowerBound) to "
          + "\(range.upperBound), not '\(text)'")
    }
    return value
  }

  /// The manifest with these options applied to its job and every server.
  func applied(to manifest: Manifest) -> Manifest {
    var manifest = manifest
    let overrides = LimitOverrides(concurrency: concurrency, timeout: timeout, retries: retries)
    manifest.limits = overrides.applied(to: manifest.limits)
    for index in manifest.servers.indices {
      manifest.servers[index].limits = overrides.applied(to: manifest.servers[index].limits)
    }
    if let formats { manifest.output.formats = formats }
    return manifest
  }

  /// The servers to run, or a usage error for names the manifest lacks.
  func selection(in manifest: Manifest) throws(UsageError) -> (Set<String>, String) {
    let names = manifest.servers.map(\.name)
    var selected = Set(names)
    var reasons: [String] = []
    if let only {
      for name in only where !names.contains(name) {
        var message = "--only names '\(name)', which \(manifest.path) does not list"
        if let guess = Suggestion.closest(to: name, among: names) {
          message += " (did you mean '\(guess)'?)"
        }
        throw UsageError(message)
      }
      selected.formIntersection(only)
      reasons.append("--only")
    }
    if let tag {
      let tagged = manifest.servers.filter { $0.tags.contains(tag) }.map(\.name)
      selected.formIntersection(tagged)
      reasons.append("--tag \(tag)")
    }
    let reason = "not selected by " + reasons.joined(separator: " and ")
    return (selected, reason)
  }
}
