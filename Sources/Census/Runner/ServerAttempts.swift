import Glibc

/// Discovers one server: attempts, retries with backoff, and the record.
struct ServerAttempts {
  let server: ServerSpec
  let manifest: Manifest
  let connector: ServerConnector
  let cancellation: Cancellation
  let jobDeadline: Deadline
  let clientVersion: String
  let redactor: Redactor
  let console: Console

  /// Runs attempts until one succeeds, a failure is final, or retries end.
  func run() -> ServerRecord {
    var record = ServerRecord(server, redactor: redactor, status: .failed)
    let started = Deadline.now()
    var generator = SystemRandomNumberGenerator()
    let backoff = Backoff(base: server.limits.retryDelay)
    for number in 1...(server.limits.retries + 1) {
      if cancellation.isCancelled {
        markCancelled(&record)
        break
      }
      let outcome = attempt(number, into: &record)
      guard let failure = outcome else { break }
      let final = !failure.kind.isRetryable || number > server.limits.retries
      if final || cancellation.isCancelled { break }
      let delay = backoff.delay(after: number, using: &generator)
      console.detail("\(server.name): attempt \(number) failed (\(failure.kind.code)), "
        + "retrying in \(DurationText.format(delay))")
      if !wait(delay) {
        markCancelled(&record)
        break
      }
    }
    record.durationMilliseconds = milliseconds(since: started)
    console.detail("\(server.name): \(record.status.rawValue) after "
      + counted(record.attempts.count, "attempt")
      + " in \(Int(record.durationMilliseconds)) ms")
    return record
  }

  /// One attempt; fills the record and returns the failure, if any.
  private func attempt(_ number: Int, into record: inout ServerRecord) -> TransportError? {
    // startup_timeout bounds the start (to the initialize answer) and
    // timeout the lists after it, so a slow first start (uvx, npx) can
    // be allowed for without letting a hung list run as long.
    let started = Deadline.now()
    let startupDeadline = started.adding(server.limits.startupTimeout)
      .earliest(jobDeadline)
    console.detail("\(server.name): attempt \(number) starting")
    var failure: TransportError?
    var discovery = Discovery()
    do throws(TransportError) {
      let transport = try connector.connect(
        server, deadline: startupDeadline, cancellation: cancellation)
      defer { transport.close() }
      let discoverer = Discoverer(
        clientVersion: clientVersion, kinds: manifest.discover,
        startupDeadline: startupDeadline, deadline: jobDeadline,
        timeout: server.limits.timeout)
      (discovery, failure) = discoverer.run(over: transport)
      transport.close()
      record.stderrTail = nonEmpty(redactor.redactTail(transport.stderrTail))
      showStderr(record.stderrTail)
      record.finalURL = transport.details.finalURL.map(redactor.redact)
      record.transport = transport.details.name
      if let status = transport.details.exitStatus, var error = failure,
        case .exited = error.kind {
        error.kind = .exited(status)
        failure = error
      }
    } catch {
      failure = error
    }
    failure = failure.map(explain)
    let failureRecord = failure.map { redacted(FailureRecord($0)) }
    record.attempts.append(AttemptRecord(
      number: number, durationMilliseconds: milliseconds(since: started),
      failure: failureRecord))
    record.discovery = redacted(discovery)
    record.failure = failureRecord
    record.status = status(for: failure, discovery: discovery)
    return failure
  }

  private func status(for failure: TransportError?, discovery: Discovery) -> ServerStatus {
    guard let failure else { return discovery.isIncomplete ? .partial : .ok }
    switch failure.kind {
    case .cancelled: return .cancelled
    case .timeout, .startupTimeout: return .timeout
    default: return .failed
    }
  }

  /// Rewrites timeouts and cancellations so they name the limit that ended them.
  private func explain(_ failure: TransportError) -> TransportError {
    var failure = failure
    if cancellation.isCancelled, failure.kind != .spawnFailed {
      failure.kind = .cancelled
      failure.message = cancellation.reason == .jobTimeout
        ? "the job ran past job_timeout (\(DurationText.format(manifest.limits.jobTimeout))) "
          + "before this server finished"
        : "the run was interrupted before this server finished"
      return failure
    }
    switch failure.kind {
    case .startupTimeout:
      failure.message = "no answer to initialize within startup_timeout "
        + "(\(DurationText.format(server.limits.startupTimeout))); a slow first start "
        + "(uvx, npx) may need a larger one"
    case .timeout where jobDeadline.hasPassed:
      cancellation.cancel(.jobTimeout)
      failure.kind = .cancelled
      failure.message = "the job ran past job_timeout before this server finished"
    case .timeout:
      failure.message = failure.message.replacing(
        "the attempt timed out",
        with: "the attempt ran past timeout (\(DurationText.format(server.limits.timeout)))")
    default:
      break
    }
    return failure
  }

  /// With `--verbose`, the last lines the server wrote to stderr.
  private func showStderr(_ tail: String?) {
    guard console.verbosity == .verbose, let tail else { return }
    let lines = tail.split(separator: "\n", omittingEmptySubsequences: true).suffix(20)
    for line in lines {
      console.detail("\(server.name) stderr: " + UntrustedText.terminalSafe(String(line)))
    }
  }

  private func markCancelled(_ record: inout ServerRecord) {
    record.status = .cancelled
    let message = cancellation.reason == .jobTimeout
      ? "the job ran past job_timeout (\(DurationText.format(manifest.limits.jobTimeout))) "
        + "before this server was started"
      : "the run was interrupted before this server was started"
    record.failure = FailureRecord(kind: "cancelled", message: message, retryable: false)
  }

  /// Waits for the backoff or the job's end; false when cancelled.
  private func wait(_ delay: Duration) -> Bool {
    let until = Deadline.after(delay).earliest(jobDeadline)
    var descriptor = pollfd(fd: cancellation.fileDescriptor, events: Int16(POLLIN), revents: 0)
    while !until.hasPassed {
      let ready = poll(&descriptor, 1, until.pollTimeout)
      if ready > 0 { return false }
    }
    return !cancellation.isCancelled && !jobDeadline.hasPassed
  }

  private func redacted(_ failure: FailureRecord) -> FailureRecord {
    var failure = failure
    failure.message = redactor.redact(failure.message)
    failure.challenge = failure.challenge.map(redactor.redact)
    return failure
  }

  /// Every text of a discovery: what the server sent as data loses long
  /// secrets, our own words (warnings, list errors) lose all of them.
  private func redacted(_ discovery: Discovery) -> Discovery {
    guard !redactor.isEmpty else { return discovery }
    var discovery = discovery
    discovery.protocolVersion = discovery.protocolVersion.map(redactor.redactData)
    discovery.serverInfo = discovery.serverInfo.map(redactor.redactData)
    discovery.capabilities = discovery.capabilities.map(redactor.redactData)
    discovery.instructions = discovery.instructions.map(redactor.redactData)
    discovery.warnings = discovery.warnings.map(redactor.redact)
    for index in discovery.lists.indices {
      discovery.lists[index].items = discovery.lists[index].items.map(redactor.redactData)
      discovery.lists[index].truncated = discovery.lists[index].truncated.map(redactor.redact)
      discovery.lists[index].error = discovery.lists[index].error.map(redactor.redact)
    }
    return discovery
  }

  private func nonEmpty(_ text: String) -> String? {
    text.isEmpty ? nil : text
  }
}

func milliseconds(since start: Deadline) -> Double {
  let elapsed = Deadline.now().nanoseconds &- start.nanoseconds
  return (Double(elapsed) / 1000).rounded() / 1000
}

extension ServerRecord {
  /// A record with the manifest's facts about a server and nothing learned.
  init(_ server: ServerSpec, redactor: Redactor, status: ServerStatus) {
    let transport: String
    let target: String
    switch server.endpoint {
    case .stdio(let launch):
      transport = "stdio"
      target = ([launch.command] + launch.args).map(shellQuoted).joined(separator: " ")
    case .http(let url, let kind, _):
      transport = kind == .sse ? "sse" : "streamable-http"
      target = url
    }
    self.init(
      name: server.name, description: server.description, tags: server.tags,
      transport: transport, target: redactor.redact(target), mark: server.mark,
      limits: server.limits, status: status)
  }
}

/// A word quoted for a shell only when it needs it, for readable targets.
func shellQuoted(_ word: String) -> String {
  if !word.isEmpty && isPlainWord(word) { return word }
  return "'" + word.replacing("'", with: "'\\''") + "'"
}

/// Letters, digits and `plainPunctuation` only. ASCII text (nearly
/// every command and argument) is judged byte by byte.
private func isPlainWord(_ word: String) -> Bool {
  let bytes = word.utf8
  if bytes.allSatisfy({ $0 < 0x80 }) {
    return bytes.allSatisfy { $0.isASCIIAlphanumeric || plainPunctuation.utf8.contains($0) }
  }
  return word.allSatisfy { $0.isLetter || $0.isNumber || plainPunctuation.contains($0) }
}

/// What a shell reads as part of a word, besides letters and digits.
private let plainPunctuation = "-_./=:@,+"
