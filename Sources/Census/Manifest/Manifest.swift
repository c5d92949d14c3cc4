/// A job manifest after decoding and validation: what to discover and how.
///
/// Values that came from the environment through `${VAR}` interpolation are
/// listed in `secrets`, so every output can redact them.
public struct Manifest: Sendable, Equatable {
  /// The file this manifest was read from, as given on the command line.
  public var path: String
  public var version: Int
  /// Names the reports: `<dir>/<job>.json`. Matches `[A-Za-z0-9._-]+`.
  public var job: String
  public var description: String?
  /// Job-wide limits, already merged with the defaults.
  public var limits: Limits
  public var discover: [DiscoveryKind]
  public var output: OutputSettings
  /// Every server listed, enabled or not, in manifest order.
  public var servers: [ServerSpec]
  /// Values substituted from the environment; never to be printed.
  public var secrets: Set<String>
  /// Findings accepted on purpose, each with its reason.
  public var suppressions: [Suppression] = []

  public init(
    path: String, version: Int, job: String, description: String?,
    limits: Limits, discover: [DiscoveryKind], output: OutputSettings,
    servers: [ServerSpec], secrets: Set<String>
  ) {
    self.path = path
    self.version = version
    self.job = job
    self.description = description
    self.limits = limits
    self.discover = discover
    self.output = output
    self.servers = servers
    self.secrets = secrets
  }
}

/// The limits of a job, or of one server after its overrides are applied.
public struct Limits: Sendable, Equatable {
  /// Servers in flight at once (the semaphore's permits), 1...1024.
  public var concurrency: Int
  /// One attempt at one server, from the initialize answer to the last
  /// list (the start is `startupTimeout`'s).
  public var timeout: Duration
  /// From start until the initialize answer.
  public var startupTimeout: Duration
  /// Extra attempts after a retryable failure, 0...10.
  public var retries: Int
  /// Base of the exponential backoff with full jitter.
  public var retryDelay: Duration
  /// The whole job; unfinished servers are recorded as cancelled.
  public var jobTimeout: Duration
  /// Largest message accepted from a server, in bytes.
  public var maxMessage: Int

  /// The defaults from the specification.
  public static let defaults = Limits(
    concurrency: 5, timeout: .seconds(30), startupTimeout: .seconds(60),
    retries: 2, retryDelay: .milliseconds(500), jobTimeout: .seconds(15 * 60),
    maxMessage: 16 * 1024 * 1024)

  public init(
    concurrency: Int, timeout: Duration, startupTimeout: Duration,
    retries: Int, retryDelay: Duration, jobTimeout: Duration, maxMessage: Int
  ) {
    self.concurrency = concurrency
    self.timeout = timeout
    self.startupTimeout = startupTimeout
    self.retries = retries
    self.retryDelay = retryDelay
    self.jobTimeout = jobTimeout
    self.maxMessage = maxMessage
  }
}

/// Per-server overrides of the job limits; nil keeps the job's value.
public struct LimitOverrides: Sendable, Equatable {
  public var concurrency: Int?
  public var timeout: Duration?
  public var startupTimeout: Duration?
  public var retries: Int?
  public var retryDelay: Duration?
  public var jobTimeout: Duration?
  public var maxMessage: Int?

  public init(
    concurrency: Int? = nil, timeout: Duration? = nil,
    startupTimeout: Duration? = nil, retries: Int? = nil,
    retryDelay: Duration? = nil, jobTimeout: Duration? = nil,
    maxMessage: Int? = nil
  ) {
    self.concurrency = concurrency
    self.timeout = timeout
    self.startupTimeout = startupTimeout
    self.retries = retries
    self.retryDelay = retryDelay
    self.jobTimeout = jobTimeout
    self.maxMessage = maxMessage
  }

  /// The job limits with these overrides applied.
  public func applied(to limits: Limits) -> Limits {
    var result = limits
    result.concurrency = concurrency ?? limits.concurrency
    result.timeout = timeout ?? limits.timeout
    result.startupTimeout = startupTimeout ?? limits.startupTimeout
    result.retries = retries ?? limits.retries
    result.retryDelay = retryDelay ?? limits.retryDelay
    result.jobTimeout = jobTimeout ?? limits.jobTimeout
    result.maxMessage = maxMessage ?? limits.maxMessage
    return result
  }
}

/// The lists that discovery asks a server for, in the order they are asked.
public enum DiscoveryKind: String, Sendable, CaseIterable, Equatable {
  case tools
  case resources
  case resourceTemplates = "resource_templates"
  case prompts
}

/// Report formats `run` can write.
public enum ReportFormat: String, Sendable, CaseIterable, Equatable {
  case json, markdown, junit, sarif
}

public struct OutputSettings: Sendable, Equatable {
  /// Where reports go, resolved against the manifest's folder.
  public var dir: String
  public var formats: [ReportFormat]

  public init(dir: String, formats: [ReportFormat]) {
    self.dir = dir
    self.formats = formats
  }
}

/// A position in a source file, 1-based, as people count.
public struct SourceMark: Sendable, Equatable, Hashable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// How a server is reached.
public enum ServerEndpoint: Sendable, Equatable {
  /// A local program spoken to over stdin and stdout, started without a shell.
  case stdio(StdioLaunch)
  /// A remote server reached over HTTP.
  case http(url: String, transport: HTTPTransportKind, headers: [String: String])
}

public struct StdioLaunch: Sendable, Equatable {
  public var command: String
  public var args: [String]
  /// Variables added to the minimal child environment.
  public var env: [String: String]
  /// Absolute working folder (the manifest's `cwd`, resolved).
  public var cwd: String
  /// Pass the runner's whole environment instead of the minimal one.
  public var inheritEnv: Bool

  public init(
    command: String, args: [String], env: [String: String], cwd: String,
    inheritEnv: Bool
  ) {
    self.command = command
    self.args = args
    self.env = env
    self.cwd = cwd
    self.inheritEnv = inheritEnv
  }
}

/// The HTTP flavours: `streamable-http` (the default for `url`), the legacy
/// 2024-11-05 `sse` transport, and `auto` (streamable, falling back to sse).
public enum HTTPTransportKind: String, Sendable, Equatable {
  case streamableHTTP = "streamable-http"
  case sse
  case auto
}

/// One entry of `servers:`.
public struct ServerSpec: Sendable, Equatable {
  public var name: String
  public var description: String?
  public var endpoint: ServerEndpoint
  public var tags: [String]
  public var enabled: Bool
  /// Job limits with this server's overrides applied.
  public var limits: Limits
  /// Where the entry starts in the manifest, for reports that point at it.
  public var mark: SourceMark

  public init(
    name: String, description: String?, endpoint: ServerEndpoint,
    tags: [String], enabled: Bool, limits: Limits, mark: SourceMark
  ) {
    self.name = name
    self.description = description
    self.endpoint = endpoint
    self.tags = tags
    self.enabled = enabled
    self.limits = limits
    self.mark = mark
  }
}
