import CSystem
import Glibc
import Synchronization

/// Speaks to a local MCP server over its stdin and stdout: one JSON-RPC
/// message per line, stderr kept as a bounded tail.
///
/// Every wait happens on the calling thread in one `poll(2)` over stdout,
/// stderr, the leader's pidfd, the job's cancellation descriptor and a
/// private `WakeDescriptor`; stderr is drained whenever it is readable, so a
/// talkative server never blocks. `close()` may come from another thread:
/// it wakes a blocked `receive` or `send` through that descriptor, then
/// stops the process group once that call has returned.
///
/// How stdout ends is classified this way: stdout closed and the leader
/// reaped is `.exited(status)`; stdout closed while the leader still runs
/// (after a short wait for it to exit) is `.protocolViolation`; the leader
/// exited while a process it started still holds stdout open is
/// `.exited(status)` too, once what was already written has been read.
public final class StdioTransport: MessageTransport, Sendable {
  /// Bytes of stderr kept for the report.
  public static let stderrTailCapacity = 64 * 1024

  /// The server's process group id (the leader's pid).
  public let processGroup: Int32

  private let io: Mutex<Connection>
  private let observed: Mutex<Observed>
  private let cancellation: Cancellation
  private let stopTimings: StopTimings
  /// Signalled by the first `close()`.
  private let wake: WakeDescriptor

  /// What the report reads; separate from `io` so that reading it never
  /// waits for a blocked `receive`.
  private struct Observed {
    var warnings = WarningLog(limit: 20)
    var tail = TailBuffer(capacity: StdioTransport.stderrTailCapacity)
    var exitStatus: ExitStatus?
  }

  /// Starts the server.
  /// - Parameters:
  ///   - launch: program, arguments, environment and folder.
  ///   - maxMessage: largest message accepted, in bytes.
  ///   - cancellation: the job's switch; a set switch ends every wait.
  ///   - stopTimings: the steps of `close()`.
  ///   - parentEnvironment: the variables a child may inherit; our own
  ///     environment, read now, when nil.
  /// - Throws: `TransportError` of kind `.spawnFailed`, naming the program.
  public init(
    launch: StdioLaunch, maxMessage: Int, cancellation: Cancellation,
    stopTimings: StopTimings = .standard,
    parentEnvironment: [String: String]? = nil
  ) throws(TransportError) {
    let child: ChildProcess
    do {
      child = try ChildProcess(launch, parentEnvironment: parentEnvironment)
    } catch {
      throw TransportError(.spawnFailed, error.description)
    }

    let wake: WakeDescriptor
    do {
      wake = try WakeDescriptor()
    } catch {
      child.stop(stopTimings)
      throw TransportError(
        .spawnFailed, "cannot start '\(launch.command)': \(error)")
    }

    processGroup = child.pid
    self.wake = wake
    self.cancellation = cancellation
    self.stopTimings = stopTimings
    io = Mutex(Connection(child: child, maxMessage: maxMessage))
    observed = Mutex(Observed())
  }

  deinit {
    close()
  }

  public var warnings: [String] { observed.withLock { $0.warnings.summary } }

  public var stderrTail: String { observed.withLock { $0.tail.text } }

  public var details: TransportDetails {
    TransportDetails(
      name: "stdio", exitStatus: observed.withLock { $0.exitStatus })
  }

  /// Writes `message` and a newline to the server's stdin, reading its
  /// output meanwhile so that neither side can block the other.
  /// - Throws: `.timeout` past `deadline`, `.cancelled`, `.exited` when the
  ///   server is gone (EPIPE), `.protocolViolation` when it closed stdin but
  ///   runs on.
  public func send(
    _ message: [UInt8], deadline: Deadline
  ) throws(TransportError) {
    try io.withLock { connection throws(TransportError) in
      try send(message, on: connection, deadline: deadline)
    }
  }

  /// Returns the next message line: from its first `{` (or the `[` of a
  /// batch), without the line ending. Blank lines are skipped; noise and
  /// lines that are not UTF-8 are skipped with a warning.
  /// - Throws: `.timeout` past `deadline`, `.cancelled`, `.exited(status)`
  ///   when the server ended, `.messageTooLarge` for a line longer than
  ///   `maxMessage` (nothing more is read from that server).
  public func receive(deadline: Deadline) throws(TransportError) -> [UInt8] {
    try io.withLock { connection throws(TransportError) in
      try receive(on: connection, deadline: deadline)
    }
  }

  /// Stops the server (see `StopTimings`) and releases every descriptor.
  /// Safe to call more than once and from any thread; later calls return
  /// once the first has finished.
  public func close() {
    wake.signal()
    io.withLock { connection in
      guard !connection.isClosed else { return }
      connection.isClosed = true
      connection.failure = Self.closedError
      connection.lines.discardAll()
      let status = connection.child.stop(stopTimings) { bytes in
        observed.withLock { $0.tail.append(bytes) }
      }
      observed.withLock { $0.exitStatus = status ?? $0.exitStatus }
    }
  }

  /// The most stdout bytes buffered at once (to check memory bounds).
  var peakBufferedBytes: Int { io.withLock { $0.lines.peakCount } }

  /// Bytes the server wrote to stderr in all, kept in the tail or not.
  var stderrByteCount: Int { observed.withLock { $0.tail.totalCount } }

  private static let closedError = TransportError(
    .cancelled, "the connection to the server was closed")
}

extension StdioTransport {
  /// The state one `send` or `receive` at a time works on.
  private final class Connection {
    let child: ChildProcess
    var lines: LineBuffer
    var scratch = uninitializedBuffer(64 * 1024)
    /// Set once the server can no longer be talked to; thrown again.
    var failure: TransportError?
    var isClosed = false
    var leaderExited = false
    /// Lines skipped as noise so far; past `noiseLimit` the server fails.
    var skippedLines = 0

    init(child: ChildProcess, maxMessage: Int) {
      self.child = child
      lines = LineBuffer(limit: maxMessage)
    }
  }

  /// What one wait in `poll` brought.
  private enum StdoutRead {
    case data, nothing, endOfFile
  }

  private func receive(
    on connection: Connection, deadline: Deadline
  ) throws(TransportError) -> [UInt8] {
    while true {
      try checkUsable(connection)
      if let message = try nextMessage(connection) { return message }

      if connection.child.standardOutput < 0 {
        throw finish(connection, deadline: deadline, cause: .stdoutClosed)
      }
      if deadline.hasPassed {
        throw TransportError(
          .timeout, "no message from the server within the time allowed")
      }
      if connection.leaderExited {
        // Read what the leader wrote before it exited, then stop.
        if try readStdout(connection) == .nothing {
          throw finish(connection, deadline: deadline, cause: .leaderExited)
        }
        continue
      }
      _ = try waitForEvents(connection, deadline: deadline, writing: false)
    }
  }

  private func send(
    _ message: [UInt8], on connection: Connection, deadline: Deadline
  ) throws(TransportError) {
    try checkUsable(connection)
    var frame = message
    frame.append(UInt8(ascii: "\n"))
    var offset = 0

    while offset < frame.count {
      let fd = connection.child.standardInput
      let written: Int?
      do {
        written = try frame.withUnsafeBytes { bytes throws(SystemError) in
          let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
          return try SystemCall.write(fd, rest)
        }
      } catch {
        throw finish(connection, deadline: deadline, cause: .stdinClosed)
      }
      if let written {
        offset += written
        continue
      }

      if deadline.hasPassed {
        throw TransportError(
          .timeout, "the server did not read its stdin within the time allowed")
      }
      _ = try waitForEvents(connection, deadline: deadline, writing: true)
      try checkUsable(connection)
    }
  }

  private func checkUsable(_ connection: Connection) throws(TransportError) {
    if let failure = connection.failure { throw failure }
    if let reason = cancellation.reason { throw Self.cancelledError(reason) }
  }

  /// Lines of noise tolerated before a server counts as broken: a banner
  /// and some logging are common, a stdout that is all noise is not.
  static let noiseLimit = 10_000

  /// Takes complete lines until one holds a message, recording warnings
  /// for what is skipped.
  private func nextMessage(
    _ connection: Connection
  ) throws(TransportError) -> [UInt8]? {
    while true {
      let line: [UInt8]?
      do {
        line = try connection.lines.nextLine()
      } catch {
        connection.lines.discardAll()
        let failure = TransportError(
          .messageTooLarge,
          "the server sent a message of more than \(Self.size(error.limit)) "
            + "(max_message); raise max_message if it is meant to be this big")
        connection.failure = failure
        throw failure
      }
      guard let line else { return nil }

      let kind = StdoutLine(line)
      if case .noise = kind { try countNoise(connection) }
      switch kind {
      case .blank:
        continue
      case .message(let message):
        return message
      case .gluedMessage(let message, let noise):
        warn(
          "skipped \(noise.count) bytes of non-JSON text before a message "
            + "on stdout: \(WarningLog.quote(noise))")
        return message
      case .noise:
        warn(
          "skipped a line of stdout that is not JSON-RPC "
            + "(\(line.count) bytes): \(WarningLog.quote(line))")
      case .repairedMessage(let message):
        warn(
          "a message on stdout is not valid UTF-8 (\(line.count) bytes); its "
            + "bad bytes were read as U+FFFD")
        return message
      }
    }
  }

  private func countNoise(_ connection: Connection) throws(TransportError) {
    connection.skippedLines += 1
    guard connection.skippedLines > Self.noiseLimit else { return }
    let failure = TransportError(
      .protocolViolation,
      "the server wrote more than \(Self.noiseLimit) lines to stdout that are "
        + "not JSON-RPC; stdout must carry only messages (log to stderr)")
    connection.failure = failure
    throw failure
  }

  private func warn(_ warning: String) {
    observed.withLock { $0.warnings.add(warning) }
  }

  /// One `poll` over everything that can happen, then handles it: stderr
  /// drained into the tail, one chunk of stdout buffered, the leader's exit
  /// noted. Stdout is left alone while a whole message is already waiting
  /// in the buffer, which keeps memory bounded during a long `send`.
  /// - Returns: whether stdin can take more bytes.
  private func waitForEvents(
    _ connection: Connection, deadline: Deadline, writing: Bool
  ) throws(TransportError) -> Bool {
    let child = connection.child
    var fds: [pollfd] = [
      .reading(cancellation.fileDescriptor), .reading(wake.fileDescriptor),
      .reading(child.standardError), .reading(-1), .reading(-1), .writing(-1),
    ]
    if connection.lines.pendingCount <= connection.lines.limit + 1 {
      fds[3].fd = child.standardOutput
    }
    if !connection.leaderExited { fds[4].fd = child.exitDescriptor }
    if writing { fds[5].fd = child.standardInput }

    do {
      try SystemCall.poll(&fds, until: deadline)
    } catch {
      throw TransportError(
        .protocolViolation, "cannot wait for the server: \(error)")
    }

    try checkUsable(connection)
    if fds[1].revents != 0 { throw Self.closedError }
    if fds[2].revents != 0 { drainStderr(child) }
    if fds[3].revents != 0 { _ = try readStdout(connection) }
    if fds[4].revents != 0 { noteExit(connection) }
    return fds[5].revents != 0
  }

  /// Reads one chunk of stdout into the line buffer.
  private func readStdout(
    _ connection: Connection
  ) throws(TransportError) -> StdoutRead {
    let fd = connection.child.standardOutput
    guard fd >= 0 else { return .endOfFile }
    let result = connection.scratch.withUnsafeMutableBytes { buffer in
      Result { () throws(SystemError) in try SystemCall.read(fd, into: buffer) }
    }
    switch result {
    case .success(nil):
      return .nothing
    case .success(0), .failure:
      connection.child.closeOutput(fd)
      return .endOfFile
    case .success(let count?):
      connection.scratch.withUnsafeBytes { bytes in
        let chunk = UnsafeRawBufferPointer(rebasing: bytes[..<count])
        connection.lines.append(chunk)
      }
      return .data
    }
  }

  private func drainStderr(_ child: ChildProcess) {
    guard child.standardError >= 0 else { return }
    child.drain(child.standardError) { bytes in
      observed.withLock { $0.tail.append(bytes) }
    }
  }

  private func noteExit(_ connection: Connection) {
    guard let status = connection.child.reap() else { return }
    connection.leaderExited = true
    observed.withLock { $0.exitStatus = status }
  }

  /// Why the conversation ended, as seen from our side.
  private enum EndCause {
    case stdoutClosed, stdinClosed, leaderExited
  }

  /// Classifies the end of the conversation once the leader had a moment
  /// to exit, and remembers it so every later call fails the same way.
  private func finish(
    _ connection: Connection, deadline: Deadline, cause: EndCause
  ) -> TransportError {
    let child = connection.child
    let settle = deadline.earliest(.after(.seconds(1)))
    _ = child.wait(
      until: settle, watching: [cancellation.fileDescriptor, wake.fileDescriptor],
      onStandardError: { bytes in observed.withLock { $0.tail.append(bytes) } },
      done: { child.reap() != nil })
    drainStderr(child)
    let unfinished = connection.lines.pendingCount
    connection.lines.discardAll()

    let failure: TransportError
    if let status = child.reap() {
      observed.withLock { $0.exitStatus = status }
      var message = "the server \(status.sentence)"
      switch cause {
      case .stdinClosed: message += " before it read our message"
      case .stdoutClosed, .leaderExited:
        message += " while we waited for a message"
      }
      if unfinished > 0 {
        message += " (it stopped \(unfinished) bytes into a message)"
      }
      if cause == .leaderExited {
        message += "; a process it started still holds its stdout open"
      }
      failure = TransportError(.exited(status), message)
    } else {
      let stream = cause == .stdinClosed ? "stdin" : "stdout"
      failure = TransportError(
        .protocolViolation,
        "the server closed its \(stream) but is still running")
    }
    connection.failure = failure
    return failure
  }

  private static func cancelledError(
    _ reason: CancellationReason
  ) -> TransportError {
    switch reason {
    case .jobTimeout:
      return TransportError(.cancelled, "the job ran out of time (job_timeout)")
    case .interrupted:
      return TransportError(.cancelled, "the job was interrupted")
    }
  }

  /// "16 MiB", "512 KiB", "1000 bytes".
  static func size(_ bytes: Int) -> String {
    let kibibyte = 1024
    let mebibyte = kibibyte * kibibyte
    if bytes >= mebibyte && bytes % mebibyte == 0 {
      return "\(bytes / mebibyte) MiB"
    }
    if bytes >= kibibyte && bytes % kibibyte == 0 {
      return "\(bytes / kibibyte) KiB"
    }
    return "\(bytes) bytes"
  }
}
