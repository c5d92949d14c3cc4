import Dispatch
import Glibc
import Testing
@testable import Census

/// A connector whose servers are scripted, counting what the pool does.
final class FakeConnector: ServerConnector, @unchecked Sendable {
  // @unchecked: every mutable field is behind `state`.
  struct State {
    var inFlight = 0
    var mostInFlight = 0
    var connects: [String: Int] = [:]
    var arrived = 0
  }

  let state = Locked(State())
  /// Failures to throw from `connect`, per server name, one per attempt.
  let failures: [String: [TransportError]]
  /// Hold the first servers until this many are in flight together.
  let holdUntilInFlight: Int
  private let release = DispatchSemaphore(value: 0)
  /// Names of servers that never answer.
  let silent: Set<String>

  init(
    failures: [String: [TransportError]] = [:], holdUntilInFlight: Int = 0,
    silent: Set<String> = []
  ) {
    self.failures = failures
    self.holdUntilInFlight = holdUntilInFlight
    self.silent = silent
  }

  func connect(
    _ server: ServerSpec, deadline: Deadline, cancellation: Cancellation
  ) throws(TransportError) -> MessageTransport {
    let attempt = state.withLock { state -> Int in
      state.connects[server.name, default: 0] += 1
      return state.connects[server.name]!
    }
    if let planned = failures[server.name], attempt <= planned.count {
      throw planned[attempt - 1]
    }
    let arrived = state.withLock { state in
      state.inFlight += 1
      state.mostInFlight = max(state.mostInFlight, state.inFlight)
      state.arrived += 1
      return state.arrived
    }
    if arrived < holdUntilInFlight {
      _ = release.wait(timeout: .now() + .seconds(5))
    } else if arrived == holdUntilInFlight {
      for _ in 1..<holdUntilInFlight { release.signal() }
    }
    let silent = silent.contains(server.name)
    let transport = ScriptedServer { method, id, params in
      silent ? [] : Canned.wellBehaved(method, id, params)
    }
    return CountingTransport(inner: transport, state: state, cancellation: cancellation)
  }
}

/// Wraps a scripted server and counts it out of flight when closed.
final class CountingTransport: MessageTransport {
  let inner: ScriptedServer
  let state: Locked<FakeConnector.State>
  let cancellation: Cancellation
  var closed = false

  init(inner: ScriptedServer, state: Locked<FakeConnector.State>, cancellation: Cancellation) {
    self.inner = inner
    self.state = state
    self.cancellation = cancellation
  }

  func send(_ message: [UInt8], deadline: Deadline) throws(TransportError) {
    try inner.send(message, deadline: deadline)
  }

  func receive(deadline: Deadline) throws(TransportError) -> [UInt8] {
    do {
      return try inner.receive(deadline: deadline)
    } catch {
      var descriptor = pollfd(fd: cancellation.fileDescriptor, events: Int16(POLLIN), revents: 0)
      if poll(&descriptor, 1, deadline.pollTimeout) > 0 {
        throw TransportError(.cancelled, "cancelled")
      }
      throw TransportError(.timeout, "no answer")
    }
  }

  var warnings: [String] { [] }
  var stderrTail: String { "" }
  var details: TransportDetails { inner.details }

  func close() {
    guard !closed else { return }
    closed = true
    state.withLock { $0.inFlight -= 1 }
  }
}

func testManifest(
  servers count: Int, concurrency: Int = 4, retries: Int = 0,
  timeout: Duration = .seconds(10), jobTimeout: Duration = .seconds(60)
) -> Manifest {
  var limits = Limits.defaults
  limits.concurrency = concurrency
  limits.retries = retries
  limits.retryDelay = .milliseconds(1)
  limits.timeout = timeout
  limits.jobTimeout = jobTimeout
  let servers = (0..<count).map { index in
    ServerSpec(
      name: "s\(index)", description: nil,
      endpoint: .stdio(StdioLaunch(
        command: "fake", args: [], env: [:], cwd: "/", inheritEnv: false)),
      tags: index % 2 == 0 ? ["even"] : [], enabled: true, limits: limits,
      mark: SourceMark(line: index + 1, column: 5))
  }
  return Manifest(
    path: "test.yaml", version: 1, job: "test", description: nil, limits: limits,
    discover: DiscoveryKind.allCases,
    output: OutputSettings(dir: "/tmp", formats: [.json]), servers: servers,
    secrets: [])
}

func runJob(
  _ manifest: Manifest, connector: FakeConnector, selected: Set<String>? = nil,
  cancellation: Cancellation = Cancellation()
) -> CensusReport {
  JobRunner(
    manifest: manifest, selected: selected ?? Set(manifest.servers.map(\.name)),
    selectionReason: "not selected by --only", connector: connector,
    cancellation: cancellation,
    console: Console(verbosity: .quiet, environment: [:]), clientVersion: "test"
  ).run()
}

@Suite struct JobRunnerTests {
  @Test(arguments: [1, 3, 8, 32])
  func concurrencyReachesTheLimitAndNeverExceedsIt(limit: Int) {
    let connector = FakeConnector(holdUntilInFlight: limit)
    let manifest = testManifest(servers: limit * 3, concurrency: limit)
    let report = runJob(manifest, connector: connector)
    #expect(report.servers.allSatisfy { $0.status == .ok })
    #expect(connector.state.value.mostInFlight == limit)
  }

  /// libdispatch on Linux stops at 255 worker threads: lanes on its
  /// queues past that never started, and work queued on Dispatch (the
  /// SIGINT handler) waited until a server ended.
  @Test func moreLanesThanDispatchHasThreadsStillLeaveItOne() {
    let count = 300
    let names = Set((0..<count).map { "s\($0)" })
    let connector = FakeConnector(silent: names)
    let manifest = testManifest(
      servers: count, concurrency: count, timeout: .seconds(30))
    let cancellation = Cancellation()
    let limit = Deadline.after(.seconds(15))
    DispatchQueue(label: "test.interrupt").asyncAfter(deadline: .now() + 2) {
      cancellation.cancel(.interrupted)
    }
    let report = runJob(manifest, connector: connector, cancellation: cancellation)
    #expect(!limit.hasPassed)
    #expect(connector.state.value.mostInFlight == count)
    #expect(report.servers.allSatisfy { $0.status == .cancelled })
  }

  @Test func recordsComeBackInManifestOrder() {
    let report = runJob(testManifest(servers: 30, concurrency: 8), connector: FakeConnector())
    #expect(report.servers.map(\.name) == (0..<30).map { "s\($0)" })
    #expect(report.summary.ok == 30)
    #expect(report.summary.tools == 30)
  }

  @Test func retriesRetryableFailuresAndCountsAttempts() {
    let crash = TransportError(.exited(.exited(1)), "the server exited with code 1")
    let connector = FakeConnector(failures: ["s0": [crash, crash]])
    let report = runJob(testManifest(servers: 1, retries: 2), connector: connector)
    let record = report.servers[0]
    #expect(record.status == .ok)
    #expect(record.attempts.count == 3)
    #expect(record.attempts.map { $0.failure?.kind } == ["exited", "exited", nil])
    #expect(record.attempts[0].failure?.exitCode == 1)
  }

  @Test func doesNotRetryAMissingProgram() {
    let missing = TransportError(.spawnFailed, "cannot start 'nope': no such program")
    let connector = FakeConnector(failures: ["s0": [missing]])
    let report = runJob(testManifest(servers: 1, retries: 3), connector: connector)
    #expect(report.servers[0].status == .failed)
    #expect(report.servers[0].attempts.count == 1)
    #expect(report.servers[0].failure?.kind == "spawnFailed")
    #expect(report.servers[0].failure?.retryable == false)
  }

  @Test func stopsRetryingWhenRetriesRunOut() {
    let crash = TransportError(.exited(.signaled(9)), "killed")
    let connector = FakeConnector(failures: ["s0": Array(repeating: crash, count: 5)])
    let report = runJob(testManifest(servers: 1, retries: 2), connector: connector)
    #expect(report.servers[0].status == .failed)
    #expect(report.servers[0].attempts.count == 3)
    #expect(report.servers[0].failure?.signal == 9)
  }

  @Test func skipsDisabledAndUnselectedServersWithAReason() {
    var manifest = testManifest(servers: 3)
    manifest.servers[1].enabled = false
    let report = runJob(manifest, connector: FakeConnector(), selected: ["s0", "s1"])
    #expect(report.servers.map(\.status) == [.ok, .skipped, .skipped])
    #expect(report.servers[1].skipReason == "disabled in the manifest (enabled: false)")
    #expect(report.servers[2].skipReason == "not selected by --only")
  }

  @Test func theJobDeadlineCancelsWhatIsUnfinished() {
    let manifest = testManifest(
      servers: 6, concurrency: 2, timeout: .seconds(30), jobTimeout: .milliseconds(300))
    let connector = FakeConnector(silent: ["s0", "s1", "s2", "s3", "s4", "s5"])
    let started = Deadline.now()
    let report = runJob(manifest, connector: connector)
    #expect(started.adding(.seconds(5)) > Deadline.now())
    #expect(report.servers.count == 6)
    #expect(report.servers.allSatisfy { $0.status == .cancelled })
    #expect(report.stoppedBy == .jobTimeout)
    #expect(report.servers[0].failure?.message.contains("job_timeout") == true)
  }

  /// A server silent from the start runs out of startup_timeout, not of
  /// timeout (which bounds the lists; FaultTests covers those).
  @Test func aStartupTimeoutNamesTheLimit() {
    var manifest = testManifest(servers: 1, timeout: .milliseconds(200))
    manifest.servers[0].limits.startupTimeout = .milliseconds(300)
    let report = runJob(manifest, connector: FakeConnector(silent: ["s0"]))
    #expect(report.servers[0].status == .timeout)
    #expect(report.servers[0].failure?.kind == "startupTimeout")
    #expect(report.servers[0].failure?.message
      == "no answer to initialize within startup_timeout (300ms); a slow first "
        + "start (uvx, npx) may need a larger one")
  }

  @Test func backoffGrowsAndStaysUnderItsCeiling() {
    let backoff = Backoff(base: .milliseconds(100), cap: .seconds(1))
    #expect(backoff.ceilingNanoseconds(after: 1) == 100_000_000)
    #expect(backoff.ceilingNanoseconds(after: 3) == 400_000_000)
    #expect(backoff.ceilingNanoseconds(after: 10) == 1_000_000_000)
    var generator = SystemRandomNumberGenerator()
    for attempt in 1...5 {
      let delay = backoff.delay(after: attempt, using: &generator)
      #expect(delay.nanoseconds <= backoff.ceilingNanoseconds(after: attempt))
    }
  }
}
