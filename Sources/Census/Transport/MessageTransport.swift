/// A channel that carries JSON-RPC messages between us and one server.
///
/// One thread uses a transport at a time: the session sends a request, then
/// receives until the answer comes. Implementations bound every wait by the
/// deadline given and by the job's cancellation.
public protocol MessageTransport: AnyObject {
  /// Sends one serialized JSON-RPC message (no framing, no newline).
  func send(_ message: [UInt8], deadline: Deadline) throws(TransportError)

  /// Waits for the next whole message from the server and returns its bytes.
  /// Noise the transport can skip is recorded in `warnings`, not thrown.
  func receive(deadline: Deadline) throws(TransportError) -> [UInt8]

  /// Protocol violations tolerated so far, in the order they happened.
  var warnings: [String] { get }

  /// The last part of what the server wrote to stderr (stdio only).
  var stderrTail: String { get }

  /// Facts for the report: the transport's name, final URL and the like.
  var details: TransportDetails { get }

  /// Ends the conversation and releases everything: stops the process or
  /// closes the HTTP session. Safe to call more than once.
  func close()
}

/// What a transport tells the report about itself.
public struct TransportDetails: Sendable, Equatable {
  /// `stdio`, `streamable-http` or `sse`.
  public var name: String
  /// For HTTP, the URL after redirects.
  public var finalURL: String?
  /// For stdio, the exit status once the process has ended.
  public var exitStatus: ExitStatus?

  public init(name: String, finalURL: String? = nil, exitStatus: ExitStatus? = nil) {
    self.name = name
    self.finalURL = finalURL
    self.exitStatus = exitStatus
  }
}

/// How a child process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
  case exited(Int32)
  case signaled(Int32)

  public var description: String {
    switch self {
    case .exited(let code): return "exited with code \(code)"
    case .signaled(let signal): return "killed by signal \(signal)"
    }
  }
}

/// A transport failure, classified so the runner can report and retry it.
public struct TransportError: Error, Sendable, Equatable {
  public var kind: FailureKind
  /// A sentence a person can act on. Never holds a secret.
  public var message: String

  public init(_ kind: FailureKind, _ message: String) {
    self.kind = kind
    self.message = message
  }
}

/// Why a server could not be discovered. The raw values are report codes.
public enum FailureKind: Sendable, Equatable {
  /// The program could not be started (missing, not executable).
  case spawnFailed
  /// No initialize answer within `startup_timeout`.
  case startupTimeout
  /// The attempt ran past `timeout`.
  case timeout
  /// The server process ended before discovery finished.
  case exited(ExitStatus)
  /// The server sent something we cannot work with.
  case protocolViolation
  /// A message above `max_message`.
  case messageTooLarge
  /// The server agreed on a protocol revision we do not know.
  case unsupportedProtocolVersion
  /// An HTTP status that ends the attempt.
  case httpStatus(Int)
  /// 401 or 403: credentials are missing or refused.
  case authRequired
  /// Connection refused, reset, DNS or TLS failure.
  case connectionFailed
  /// The server answered a request with a JSON-RPC error.
  case serverError
  /// The job was stopped (deadline or signal) before this server finished.
  case cancelled

  /// The stable code used in reports: `spawnFailed`, `exited`, ...
  public var code: String {
    switch self {
    case .spawnFailed: return "spawnFailed"
    case .startupTimeout: return "startupTimeout"
    case .timeout: return "timeout"
    case .exited: return "exited"
    case .protocolViolation: return "protocolViolation"
    case .messageTooLarge: return "messageTooLarge"
    case .unsupportedProtocolVersion: return "unsupportedProtocolVersion"
    case .httpStatus: return "httpStatus"
    case .authRequired: return "authRequired"
    case .connectionFailed: return "connectionFailed"
    case .serverError: return "serverError"
    case .cancelled: return "cancelled"
    }
  }

  /// Whether another attempt may succeed where this one failed.
  public var isRetryable: Bool {
    switch self {
    case .startupTimeout, .timeout, .exited, .connectionFailed:
      return true
    case .httpStatus(let status):
      return status == 408 || status == 429 || status >= 500
    case .spawnFailed, .protocolViolation, .messageTooLarge,
      .unsupportedProtocolVersion, .authRequired, .serverError, .cancelled:
      return false
    }
  }
}
