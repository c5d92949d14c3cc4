/// Everything one job learned: the content of the JSON report.
///
/// Records are in manifest order whatever order servers finished in, so
/// two reports of the same servers differ only in timings.
public struct CensusReport: Sendable, Equatable {
  /// Bumped when a field changes meaning or goes away.
  public static let currentSchemaVersion = 1

  public var schemaVersion = CensusReport.currentSchemaVersion
  public var job: String
  public var description: String?
  /// The manifest files, as given on the command line.
  public var manifests: [String]
  public var toolVersion: String
  /// ISO 8601 UTC times, e.g. `2026-12-03T16:34:18.120Z`.
  public var startedAt: String
  public var finishedAt: String
  public var durationMilliseconds: Double
  /// The job-wide limits in force (per-server overrides are on each record).
  public var limits: Limits
  public var discover: [DiscoveryKind]
  /// Set when the job stopped early: `jobTimeout` or `interrupted`.
  public var stoppedBy: CancellationReason?
  /// The slice of the job this report covers, for `run --shard`; nil for
  /// a whole job, merged shard reports included.
  public var shard: Shard?
  /// One record per server in the manifest, none dropped.
  public var servers: [ServerRecord]
  /// The manifest's suppressions, kept so `audit` honours them offline.
  public var suppressions: [Suppression] = []
  /// What the checks found, suppressed ones included and marked.
  public var findings: [Finding] = []
  /// What changed since the baseline, when one was given.
  public var drift: Drift?

  public init(
    job: String, description: String?, manifests: [String],
    toolVersion: String, startedAt: String, finishedAt: String,
    durationMilliseconds: Double, limits: Limits, discover: [DiscoveryKind],
    stoppedBy: CancellationReason?, servers: [ServerRecord]
  ) {
    self.job = job
    self.description = description
    self.manifests = manifests
    self.toolVersion = toolVersion
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.durationMilliseconds = durationMilliseconds
    self.limits = limits
    self.discover = discover
    self.stoppedBy = stoppedBy
    self.servers = servers
  }

  /// Counts over all records, derived so they can never disagree.
  public var summary: ReportSummary {
    ReportSummary(servers: servers)
  }
}

/// The totals at the top of both reports.
public struct ReportSummary: Sendable, Equatable {
  public var total = 0
  public var ok = 0
  public var partial = 0
  /// Failed, timed out or cancelled: not discovered.
  public var failed = 0
  public var skipped = 0
  public var tools = 0
  public var resources = 0
  public var resourceTemplates = 0
  public var prompts = 0

  public init(servers: [ServerRecord]) {
    total = servers.count
    // By index: each record is read where it is, not copied (which
    // retains and releases every member, for thousands of servers).
    for index in servers.indices {
      switch servers[index].status {
      case .ok: ok += 1
      case .partial: partial += 1
      case .failed, .timeout, .cancelled: failed += 1
      case .skipped: skipped += 1
      }
      let discovery = servers[index].discovery
      tools += discovery.itemCount(.tools)
      resources += discovery.itemCount(.resources)
      resourceTemplates += discovery.itemCount(.resourceTemplates)
      prompts += discovery.itemCount(.prompts)
    }
  }
}

/// What became of one server.
public enum ServerStatus: String, Sendable, Equatable, CaseIterable {
  /// Every list asked for was read in full.
  case ok
  /// Initialized, but a declared list failed or was cut short.
  case partial
  case failed
  /// The last attempt ran out of time.
  case timeout
  /// Disabled in the manifest or not selected on the command line.
  case skipped
  /// The job stopped (deadline or signal) before this server finished.
  case cancelled

  /// Whether the server counts as discovered for the exit code.
  public var isDiscovered: Bool {
    self == .ok || self == .partial || self == .skipped
  }
}

/// One server's row in the report.
public struct ServerRecord: Sendable, Equatable {
  public var name: String
  public var description: String?
  public var tags: [String]
  /// `stdio`, `streamable-http` or `sse`.
  public var transport: String
  /// The program and arguments or the URL, as the manifest wrote them
  /// before interpolation, so no secret is in it.
  public var target: String
  /// For HTTP, the URL after redirects.
  public var finalURL: String?
  /// The manifest line of the entry, for SARIF and people.
  public var mark: SourceMark
  /// The limits this server ran with.
  public var limits: Limits
  public var status: ServerStatus
  /// Why it was skipped, for `skipped`.
  public var skipReason: String?
  public var attempts: [AttemptRecord]
  public var durationMilliseconds: Double
  /// What was learned; empty lists for servers never reached.
  public var discovery: Discovery
  /// Why the server was not discovered, for failed, timeout and cancelled.
  public var failure: FailureRecord?
  /// The last part of the server's stderr (stdio servers).
  public var stderrTail: String?
  /// What the audit needs from the manifest entry.
  public var manifestFacts = ManifestFacts()

  public init(
    name: String, description: String?, tags: [String], transport: String,
    target: String, mark: SourceMark, limits: Limits, status: ServerStatus
  ) {
    self.name = name
    self.description = description
    self.tags = tags
    self.transport = transport
    self.target = target
    self.mark = mark
    self.limits = limits
    self.status = status
    self.attempts = []
    self.durationMilliseconds = 0
    self.discovery = Discovery()
  }
}

/// One try at one server.
public struct AttemptRecord: Sendable, Equatable {
  /// 1 for the first attempt.
  public var number: Int
  public var durationMilliseconds: Double
  /// Nil when the attempt succeeded.
  public var failure: FailureRecord?

  public init(number: Int, durationMilliseconds: Double, failure: FailureRecord?) {
    self.number = number
    self.durationMilliseconds = durationMilliseconds
    self.failure = failure
  }
}

/// A failure as the report states it.
public struct FailureRecord: Sendable, Equatable {
  /// A stable code: `spawnFailed`, `exited`, `startupTimeout`, ...
  public var kind: String
  /// A sentence a person can act on, secrets redacted.
  public var message: String
  public var exitCode: Int32?
  public var signal: Int32?
  public var httpStatus: Int?
  /// For `authRequired`, the server's `WWW-Authenticate` challenge.
  public var challenge: String?
  public var retryable: Bool

  public init(
    kind: String, message: String, exitCode: Int32? = nil,
    signal: Int32? = nil, httpStatus: Int? = nil, challenge: String? = nil,
    retryable: Bool
  ) {
    self.kind = kind
    self.message = message
    self.exitCode = exitCode
    self.signal = signal
    self.httpStatus = httpStatus
    self.challenge = challenge
    self.retryable = retryable
  }

  /// The report's view of a transport failure.
  public init(_ error: TransportError) {
    self.init(kind: error.kind.code, message: error.message, retryable: error.kind.isRetryable)
    switch error.kind {
    case .exited(.exited(let code)): exitCode = code
    case .exited(.signaled(let number)): signal = number
    case .httpStatus(let status): httpStatus = status
    case .authRequired: challenge = AuthChallenge.recorded(in: error.message)
    default: break
    }
  }
}
