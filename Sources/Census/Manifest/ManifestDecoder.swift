/// Reads a YAML tree into a `Manifest`, checking every key and value.
///
/// Problems are reported, not thrown, so one pass finds all of them; the
/// result is nil whenever anything was reported.
struct ManifestDecoder {
  static let supportedVersion = 1

  static let topKeys = [
    "version", "job", "description", "limits", "discover", "output",
    "servers", "suppressions",
  ]
  static let limitKeys = [
    "concurrency", "timeout", "startup_timeout", "retries", "retry_delay",
    "job_timeout", "max_message",
  ]

  let path: String
  /// The manifest's folder, absolute: relative paths are read against it.
  let folder: String
  var diagnostics: DiagnosticCollector
  var interpolation: Interpolation

  init(
    path: String, environment: [String: String],
    diagnostics: DiagnosticCollector
  ) {
    self.path = path
    self.folder = ManifestPaths.folder(of: path)
    self.diagnostics = diagnostics
    self.interpolation = Interpolation(environment: environment)
  }

  mutating func report(_ message: String, at mark: SourceMark?) {
    diagnostics.report(message, at: mark)
  }

  /// Hides a secret written literally at `mark` in the lines diagnostics
  /// show.
  mutating func conceal(_ text: String, at mark: SourceMark) {
    diagnostics.conceal(text, at: mark)
  }

  /// The manifest `root` describes, or nil when anything is wrong.
  mutating func decode(_ root: YAMLNode) -> Manifest? {
    let fields = fields(
      of: root, known: Self.topKeys, what: "a mapping of manifest keys",
      hint: { key in
        Self.limitKeys.contains(key) ? "limits go under 'limits'" : nil
      })
    guard let fields else { return nil }

    let version = decodeVersion(fields)
    let job = decodeJob(fields)
    let description = fields["description"].flatMap {
      string($0, references: .refused(key: "description"))
    }
    let limits = decodeJobLimits(fields["limits"])
    let discover = decodeDiscover(fields["discover"])
    let output = decodeOutput(fields["output"])
    let servers = decodeServers(fields, limits: limits)
    let suppressions = decodeSuppressions(
      fields["suppressions"], servers: servers ?? [])

    guard diagnostics.isEmpty, let version, let job, let servers else {
      return nil
    }
    var manifest = Manifest(
      path: path, version: version, job: job, description: description,
      limits: limits, discover: discover, output: output, servers: servers,
      secrets: interpolation.secrets)
    manifest.suppressions = suppressions
    return manifest
  }

  private mutating func decodeVersion(_ fields: ManifestFields) -> Int? {
    guard let node = fields["version"] else {
      report("missing required key 'version' (write 'version: 1')",
        at: fields.mark)
      return nil
    }
    guard let text = text(node, expected: "version 1") else { return nil }
    guard Int(text) == Self.supportedVersion else {
      report(
        "unsupported manifest version '\(shown(node))'; "
          + "this mcp-census reads version \(Self.supportedVersion)",
        at: node.mark)
      return nil
    }
    return Self.supportedVersion
  }

  private mutating func decodeJob(_ fields: ManifestFields) -> String? {
    guard let node = fields["job"] else {
      report("missing required key 'job'", at: fields.mark)
      return nil
    }
    guard let job = string(node, references: .refused(key: "job"))
    else { return nil }
    let allowed = job.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          || scalar == "." || scalar == "_" || scalar == "-")
    }
    guard allowed else {
      report(
        "invalid job name '\(shown(node))': use letters, digits, "
          + "'.', '_' and '-'",
        at: node.mark)
      return nil
    }
    return job
  }

  private mutating func decodeJobLimits(_ node: YAMLNode?) -> Limits {
    guard let node else { return .defaults }
    let fields = fields(
      of: node, known: Self.limitKeys, what: "a mapping of limits")
    guard let fields else { return .defaults }
    return limitOverrides(fields).applied(to: .defaults)
  }

  /// The limit keys present in `fields`, each checked.
  mutating func limitOverrides(_ fields: ManifestFields) -> LimitOverrides {
    var overrides = LimitOverrides()
    if let node = fields["concurrency"] {
      overrides.concurrency = integer(node, key: "concurrency", in: 1...1024)
    }
    if let node = fields["timeout"] {
      overrides.timeout = duration(node, allowsZero: false)
    }
    if let node = fields["startup_timeout"] {
      overrides.startupTimeout = duration(node, allowsZero: false)
    }
    if let node = fields["retries"] {
      overrides.retries = integer(node, key: "retries", in: 0...10)
    }
    if let node = fields["retry_delay"] {
      overrides.retryDelay = duration(node, allowsZero: true)
    }
    if let node = fields["job_timeout"] {
      overrides.jobTimeout = duration(node, allowsZero: false)
    }
    if let node = fields["max_message"] {
      overrides.maxMessage = size(node)
    }
    return overrides
  }

  /// The kinds listed, returned in the order discovery asks for them
  /// whatever order they were written in; all four when the key is absent.
  private mutating func decodeDiscover(_ node: YAMLNode?) -> [DiscoveryKind] {
    guard let node else { return DiscoveryKind.allCases }
    let kinds = choices(
      node, "discovery kind", example: "[tools, prompts]",
      as: DiscoveryKind.self)
    return DiscoveryKind.allCases.filter(kinds.contains)
  }

  private mutating func decodeOutput(_ node: YAMLNode?) -> OutputSettings {
    let defaults = OutputSettings(
      dir: ManifestPaths.resolve("reports", against: folder),
      formats: [.json, .markdown])
    guard let node else { return defaults }
    let fields = fields(
      of: node, known: ["dir", "formats"], what: "a mapping of output settings")
    guard let fields else { return defaults }

    var output = defaults
    if let dirNode = fields["dir"],
      let dir = string(dirNode, references: .location)
    {
      output.dir = ManifestPaths.resolve(dir, against: folder)
    }
    if let formatsNode = fields["formats"] {
      output.formats = choices(
        formatsNode, "report format", example: "[json, markdown]",
        as: ReportFormat.self)
    }
    return output
  }
}
