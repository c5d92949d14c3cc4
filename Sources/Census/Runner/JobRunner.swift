import Dispatch
import Synchronization

/// Runs one job: every selected server discovered in a pool bounded by a
/// `DispatchSemaphore`.
///
/// `concurrency` lanes, each a thread of its own (`LaneThread`),
/// take the servers in manifest order from a shared cursor; a lane holds
/// one of `concurrency` semaphore permits while a server runs, so at most
/// that many are in flight. A lane's thread exists at once (one shared
/// concurrent queue would add threads only slowly on Linux while each
/// blocks in `poll(2)`, and libdispatch stops at 255 threads), and a lane
/// keeps it from one server to the next: no thread is made, and no
/// hand-off waited for, per server.
public final class JobRunner: Sendable {
  public let manifest: Manifest
  /// Names of the servers to run; the others are recorded as skipped.
  public let selected: Set<String>
  /// Why unselected servers were skipped (for example `not in --only`).
  public let selectionReason: String
  let connector: ServerConnector
  let cancellation: Cancellation
  let console: Console
  let clientVersion: String

  public init(
    manifest: Manifest, selected: Set<String>, selectionReason: String,
    connector: ServerConnector, cancellation: Cancellation, console: Console,
    clientVersion: String
  ) {
    self.manifest = manifest
    self.selected = selected
    self.selectionReason = selectionReason
    self.connector = connector
    self.cancellation = cancellation
    self.console = console
    self.clientVersion = clientVersion
  }

  /// Discovers the servers and returns the report, records in manifest order.
  /// Blocks the calling thread until every server has a record.
  public func run() -> CensusReport {
    let startedAt = Timestamp.now()
    let started = Deadline.now()
    let jobDeadline = started.adding(manifest.limits.jobTimeout)
    let redactor = Redactor(secrets: manifest.secretValues)
    let servers = manifest.servers
    let records = Locked([ServerRecord?](repeating: nil, count: servers.count))
    let progress = ProgressLine(console: console, started: started)

    let runnable = servers.indices.filter { index in
      let server = servers[index]
      if let reason = skipReason(server) {
        var record = ServerRecord(server, redactor: redactor, status: .skipped)
        record.skipReason = reason
        records.withLock { $0[index] = record }
        return false
      }
      return true
    }
    progress.begin(total: runnable.count)

    let timer = DispatchSource.makeTimerSource(
      queue: DispatchQueue(label: "mcp-census.deadline"))
    let jobTimeout = Int(clamping: manifest.limits.jobTimeout.nanoseconds)
    timer.schedule(deadline: .now() + .nanoseconds(jobTimeout))
    // Weak: Dispatch lets go of a cancelled timer's handler later, on the
    // timer's queue, and must not keep the switch's pipe open past the job.
    timer.setEventHandler { [weak cancellation] in
      cancellation?.cancel(.jobTimeout)
    }
    timer.resume()
    defer { timer.cancel() }

    let concurrency = manifest.limits.concurrency
    let permits = DispatchSemaphore(value: concurrency)
    let cursor = Atomic(0)
    let lanes = (0..<min(concurrency, runnable.count)).map { _ in
      LaneThread.start {
        while true {
          permits.wait()
          defer { permits.signal() }
          let slot = cursor.add(1, ordering: .relaxed).oldValue
          guard slot < runnable.count else { break }
          let index = runnable[slot]
          progress.started()
          let record = self.attempts(servers[index], jobDeadline, redactor).run()
          records.withLock { $0[index] = record }
          progress.finished(record.status)
        }
      }
    }
    for lane in lanes { lane.join() }
    progress.end()

    // Moved out, not copied: a thousand records hold many references.
    let finished = records.withLock { slots in
      slots.indices.map { slots[$0].take()! }
    }
    return CensusReport(
      job: manifest.job, description: manifest.description,
      manifests: [manifest.path], toolVersion: clientVersion,
      startedAt: startedAt, finishedAt: Timestamp.now(),
      durationMilliseconds: milliseconds(since: started), limits: manifest.limits,
      discover: manifest.discover, stoppedBy: cancellation.reason, servers: finished)
  }

  private func attempts(
    _ server: ServerSpec, _ jobDeadline: Deadline, _ redactor: Redactor
  ) -> ServerAttempts {
    ServerAttempts(
      server: server, manifest: manifest, connector: connector,
      cancellation: cancellation, jobDeadline: jobDeadline,
      clientVersion: clientVersion, redactor: redactor, console: console)
  }

  /// Why a server with `enabled: false` was not run.
  static let disabledReason = "disabled in the manifest (enabled: false)"

  private func skipReason(_ server: ServerSpec) -> String? {
    if !server.enabled { return Self.disabledReason }
    if !selected.contains(server.name) { return selectionReason }
    return nil
  }
}
