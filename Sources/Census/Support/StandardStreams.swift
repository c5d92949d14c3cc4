import Glibc
import Synchronization

/// stdin, stdout and stderr as the tool relies on them: stdout carries
/// only what the user asked for, so a write that fails there is an error
/// the caller reports, never silence.
public enum StandardStreams {
  private static let outputWasClosed = Atomic(false)

  /// Call first, before anything opens a file, a pipe or a thread.
  ///
  /// SIGPIPE is ignored, so a reader that went away (`| head`) shows as
  /// EPIPE from `write` and the exit code is still ours to choose; the
  /// servers we start get default dispositions back from `posix_spawn`
  /// (`ChildProcess`), so they do not inherit this. `ChildProcess` also
  /// ignores SIGPIPE at its first spawn: the library runs servers for
  /// callers that never come through here; this one covers what the
  /// command writes before or without starting a server (`--help | true`).
  ///
  /// Descriptors 0 to 2 that the process was started without (`>&-`)
  /// are opened on /dev/null, so the next file or pipe opened cannot
  /// take their number and receive a report meant for stdout; a closed
  /// stdout is remembered, and writing requested output fails as on a
  /// closed descriptor.
  public static func prepare() {
    signal(SIGPIPE, SIG_IGN)
    for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO]
    where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
      let opened = open("/dev/null", O_RDWR)
      if opened >= 0 && opened != descriptor {
        dup2(opened, descriptor)
        close(opened)
      }
      if descriptor == STDOUT_FILENO {
        outputWasClosed.store(true, ordering: .relaxed)
      }
    }
  }

  /// Whether the process was started with stdout closed.
  public static var isOutputClosed: Bool {
    outputWasClosed.load(ordering: .relaxed)
  }

  /// Writes all of `text` to stdout.
  /// - Throws: `SystemError` when stdout is closed, full, or has no
  ///   reader any more.
  static func writeOutput(_ text: String) throws(SystemError) {
    guard !isOutputClosed else { throw SystemError("write", code: EBADF) }
    try writeAll(text, to: STDOUT_FILENO)
  }

  /// How long a non-blocking descriptor may take no bytes at all before
  /// a write gives up: a pager paused for minutes is still read, a
  /// reader that stopped for good does not hold the run forever.
  static let stallLimit: Duration = .seconds(300)

  /// Writes all of `text` to `descriptor`, retrying short writes and EINTR.
  ///
  /// A descriptor can be non-blocking without our asking: O_NONBLOCK
  /// belongs to the open file, which a parent (Node, npm) may share with
  /// us. EAGAIN then means "full for now", and the write waits until
  /// the reader makes room, as a blocking write would.
  /// - Parameter stallLimit: how long to wait for room at most, each time.
  /// - Throws: `SystemError` for any other failure of `write(2)`, and
  ///   EAGAIN when no room came within `stallLimit`.
  static func writeAll(
    _ text: String, to descriptor: Int32, stallLimit: Duration = stallLimit
  ) throws(SystemError) {
    let bytes = Array(text.utf8)
    let failure = bytes.withUnsafeBytes { buffer -> SystemError? in
      var offset = 0
      do throws(SystemError) {
        while offset < buffer.count {
          let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
          if let written = try SystemCall.write(descriptor, rest) {
            offset += written
          } else {
            try waitForRoom(in: descriptor, limit: stallLimit)
          }
        }
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  /// Waits until `descriptor` takes bytes again, or has no reader (the
  /// next write then fails with EPIPE).
  /// - Throws: `SystemError` with EAGAIN when `limit` passes first.
  private static func waitForRoom(
    in descriptor: Int32, limit: Duration
  ) throws(SystemError) {
    var fds = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)]
    let ready = try SystemCall.poll(&fds, until: .after(limit))
    if ready == 0 { throw SystemError("write", code: EAGAIN) }
  }

  /// Why a write to stdout failed, in words, with what it means there:
  /// `Broken pipe (the program reading it exited first)`.
  static func reason(_ error: SystemError) -> String {
    switch error.code {
    case EBADF: return error.reason + " (standard output is closed)"
    case EPIPE: return error.reason + " (the program reading it exited first)"
    case EAGAIN:
      let seconds = stallLimit.components.seconds
      return error.reason + " (the program reading it took nothing for \(seconds)s)"
    default: return error.reason
    }
  }
}
