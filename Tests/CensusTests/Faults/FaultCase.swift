import Foundation
@testable import Census

/// One fault mode of the fixture server and the one right outcome for it.
struct FaultCase: CustomStringConvertible, Sendable {
  var mode: String
  var arguments: [String] = []
  var status: ServerStatus
  /// The error kind of the last attempt, for servers not discovered.
  var kind: String?
  /// Attempts made with `retries: 1`: 2 when the failure is retried.
  var attempts = 1
  /// Every warning recorded, in order.
  var warnings: [String] = []
  var maxMessage = 64 * 1024 * 1024
  var startupTimeout = Duration.seconds(20)

  var description: String { ([mode] + arguments).joined(separator: " ") }

  static let all: [FaultCase] = [
    FaultCase(mode: "ok", status: .ok),
    FaultCase(mode: "noise", status: .ok, warnings: [
      #"skipped a line of stdout that is not JSON-RPC (21 bytes): "Server ready on stdio""#,
      #"skipped a line of stdout that is not JSON-RPC (20 bytes): "[INFO] loading tools""#,
      #"skipped 19 bytes of non-JSON text before a message on stdout: "INFO listing tools ""#,
    ]),
    FaultCase(mode: "bad-utf8", status: .ok, warnings: [
      "skipped a line of stdout that is not JSON-RPC (11 bytes): "
        + "\"\u{FFFD}\u{FFFD} not text\"",
      "a message on stdout is not valid UTF-8 (43 bytes); its bad bytes were read "
        + "as U+FFFD",
    ]),
    FaultCase(mode: "bad-utf8-answer", status: .ok, warnings: [
      "a message on stdout is not valid UTF-8 (114 bytes); its bad bytes were read "
        + "as U+FFFD",
    ]),
    FaultCase(mode: "bad-json", status: .ok, warnings: [
      "skipped a message that is not valid JSON (expected a string key at byte 19)",
    ]),
    FaultCase(mode: "huge", arguments: ["--size", "50"], status: .ok),
    FaultCase(
      mode: "huge", arguments: ["--size", "50"], status: .failed,
      kind: "messageTooLarge", maxMessage: 16 * 1024 * 1024),
    FaultCase(mode: "crlf", status: .ok),
    FaultCase(mode: "chatty", status: .ok),
    FaultCase(mode: "string-ids", status: .ok, warnings: [
      #"answered request 1 with the string id "1"; we sent a number"#,
      #"answered request 2 with the string id "2"; we sent a number"#,
      #"answered request 3 with the string id "3"; we sent a number"#,
    ]),
    FaultCase(
      mode: "exit", arguments: ["--code", "4"], status: .failed, kind: "exited",
      attempts: 2),
    FaultCase(mode: "crash-mid", status: .failed, kind: "exited", attempts: 2),
    FaultCase(
      mode: "no-init", status: .timeout, kind: "startupTimeout", attempts: 2,
      startupTimeout: .milliseconds(300)),
    FaultCase(mode: "slow-bytes", status: .ok),
    FaultCase(mode: "stderr-flood", arguments: ["--size", "100"], status: .ok),
    FaultCase(mode: "grandchild", status: .failed, kind: "exited", attempts: 2),
    FaultCase(mode: "ignore-term", status: .ok),
    FaultCase(mode: "old-rev", status: .ok),
    FaultCase(mode: "unknown-rev", status: .failed, kind: "unsupportedProtocolVersion"),
    FaultCase(mode: "no-caps", status: .ok),
    FaultCase(mode: "not-found", status: .partial),
    FaultCase(mode: "pages", status: .ok),
    FaultCase(mode: "stuck-cursor", status: .partial, warnings: [
      "tools/list page 2 repeated 2 of 2 items of earlier pages; each is kept once",
    ]),
    FaultCase(mode: "same-page", status: .partial, warnings: [
      "tools/list page 2 repeated 2 of 2 items of earlier pages; each is kept once",
    ]),
    // Every list is read by the ping: a silent or departed server keeps
    // its status.
    FaultCase(mode: "no-ping", status: .ok, warnings: ["no answer to ping within 2s"]),
    FaultCase(mode: "exit-on-ping", status: .ok, warnings: [
      "no answer to ping: the server exited with code 0 while we waited for a message",
    ]),
    FaultCase(mode: "bad-schemas", status: .ok, warnings: [
      "tool 'no_schema' has no inputSchema",
      "tool 'null_schema' has an inputSchema that is null",
      "tool 'list_schema' has an inputSchema that is an array",
    ]),
    FaultCase(mode: "batch", status: .ok),
  ]
}

/// Runs fixture servers in-process through the real runner and transport.
enum FaultRun {
  static let script = CensusBinary.fixture("servers/fixture_server.py")

  static func spec(
    _ name: String, mode: String, arguments: [String], state: String,
    limits: Limits
  ) -> ServerSpec {
    let launch = StdioLaunch(
      command: CensusBinary.python,
      args: [script, mode, "--state", state] + arguments,
      env: [:], cwd: "/", inheritEnv: false)
    return ServerSpec(
      name: name, description: nil, endpoint: .stdio(launch), tags: [],
      enabled: true, limits: limits, mark: SourceMark(line: 1, column: 1))
  }

  static func limits(for fault: FaultCase) -> Limits {
    var limits = Limits.defaults
    limits.retries = 1
    limits.retryDelay = .milliseconds(1)
    limits.timeout = .seconds(60)
    limits.startupTimeout = fault.startupTimeout
    limits.maxMessage = fault.maxMessage
    return limits
  }

  static func report(
    servers: [ServerSpec], concurrency: Int = 4, jobTimeout: Duration = .seconds(120),
    cancellation: Cancellation = Cancellation()
  ) -> CensusReport {
    var limits = Limits.defaults
    limits.concurrency = concurrency
    limits.jobTimeout = jobTimeout
    let manifest = Manifest(
      path: "faults.yaml", version: 1, job: "faults", description: nil,
      limits: limits, discover: DiscoveryKind.allCases,
      output: OutputSettings(dir: "/tmp", formats: [.json]), servers: servers,
      secrets: [])
    return JobRunner(
      manifest: manifest, selected: Set(servers.map(\.name)), selectionReason: "",
      connector: DefaultConnector(), cancellation: cancellation,
      console: Console(verbosity: .quiet, environment: [:]), clientVersion: "test"
    ).run()
  }

  /// Processes the fixtures recorded in `state` that are still running.
  static func survivors(in state: String) -> [Int32] {
    let text = (try? String(contentsOfFile: state + "/pids", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line in
      Int32(line.split(separator: " ").first ?? "")
    }.filter(isRunning)
  }

  /// Alive and not a zombie waiting to be reaped.
  static func isRunning(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
  }
}
