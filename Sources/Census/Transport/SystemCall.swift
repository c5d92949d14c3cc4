import CSystem
import Glibc

/// A failed system call: which call, and the errno it left.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The C function that failed, such as `poll` or `posix_spawn`.
  public var call: String
  /// The errno value (or the error number a spawn function returned).
  public var code: Int32

  public init(_ call: String, code: Int32) {
    self.call = call
    self.code = code
  }

  /// The C library's text for `code`, such as "Broken pipe".
  public var reason: String { String(cString: strerror(code)) }

  public var description: String { "\(call): \(reason)" }
}

/// The few system calls the stdio transport makes, each wrapped once:
/// EINTR is retried here and nowhere else, and errno becomes a
/// `SystemError`.
enum SystemCall {
  /// Runs `body` until it stops failing with EINTR.
  /// - Throws: `SystemError` naming `call` when `body` returns -1.
  @discardableResult
  static func retrying<Result: FixedWidthInteger>(
    _ call: String, _ body: () -> Result
  ) throws(SystemError) -> Result {
    while true {
      let result = body()
      if result != -1 { return result }
      let code = errno
      if code != EINTR { throw SystemError(call, code: code) }
    }
  }

  /// A pipe whose ends are close-on-exec from the start.
  static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    try retrying("pipe2") { csystem_pipe2(&fds, O_CLOEXEC) }
    return (fds[0], fds[1])
  }

  /// Makes one end of a pipe from `pipe()` non-blocking.
  static func setNonBlocking(pipeEnd fd: Int32) throws(SystemError) {
    try retrying("fcntl") { csystem_set_pipe_nonblocking(fd) }
  }

  /// Closes `fd` once. EINTR is not retried: on Linux the descriptor is
  /// released even then, and a retry could close someone else's.
  static func close(_ fd: Int32) {
    guard fd >= 0 else { return }
    _ = Glibc.close(fd)
  }

  /// Reads into `buffer`. Returns nil when nothing is ready on a
  /// non-blocking descriptor, 0 at end of file.
  static func read(
    _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer
  ) throws(SystemError) -> Int? {
    do throws(SystemError) {
      return try retrying("read") {
        Glibc.read(fd, buffer.baseAddress, buffer.count)
      }
    } catch where error.code == EAGAIN || error.code == EWOULDBLOCK {
      return nil
    }
  }

  /// Writes what fits without blocking. Returns nil when the pipe is full.
  /// A reader that went away shows as EPIPE: the runner ignores SIGPIPE
  /// from its first spawn on (`ChildProcess`).
  static func write(
    _ fd: Int32, _ bytes: UnsafeRawBufferPointer
  ) throws(SystemError) -> Int? {
    do throws(SystemError) {
      return try retrying("write") {
        Glibc.write(fd, bytes.baseAddress, bytes.count)
      }
    } catch where error.code == EAGAIN || error.code == EWOULDBLOCK {
      return nil
    }
  }

  /// Waits for events on `fds` until `deadline`; EINTR restarts the wait
  /// with the time that is left. Returns how many descriptors are ready.
  @discardableResult
  static func poll(
    _ fds: inout [pollfd], until deadline: Deadline
  ) throws(SystemError) -> Int {
    let count = nfds_t(fds.count)
    return Int(
      try fds.withUnsafeMutableBufferPointer { buffer throws(SystemError) in
        try retrying("poll") {
          Glibc.poll(buffer.baseAddress, count, deadline.pollTimeout)
        }
      })
  }

  /// waitpid(2) with WNOHANG. Returns nil when no matching child has
  /// changed state, or when there is no such child at all.
  static func reap(_ pid: pid_t) -> (pid: pid_t, status: ExitStatus)? {
    var raw: Int32 = 0
    let result: pid_t
    do {
      result = try retrying("waitpid") { waitpid(pid, &raw, WNOHANG) }
    } catch {
      return nil
    }
    guard result > 0 else { return nil }
    return (result, ExitStatus(waitStatus: raw))
  }

  /// kill(2); ESRCH (nobody left to signal) is not an error.
  static func signal(_ pid: pid_t, _ signal: Int32) {
    _ = kill(pid, signal)
  }

  /// Whether any process of group `pgid` still exists (zombies included).
  static func groupExists(_ pgid: pid_t) -> Bool {
    kill(-pgid, 0) == 0 || errno == EPERM
  }
}

extension pollfd {
  /// An entry that waits for `fd` to become readable (-1: ignored).
  static func reading(_ fd: Int32) -> pollfd {
    pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
  }

  /// An entry that waits for `fd` to take more bytes (-1: ignored).
  static func writing(_ fd: Int32) -> pollfd {
    pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
  }
}

extension ExitStatus {
  /// Decodes a status from waitpid(2).
  init(waitStatus raw: Int32) {
    let signal = raw & 0x7f
    if signal == 0 {
      self = .exited((raw >> 8) & 0xff)
    } else {
      self = .signaled(signal)
    }
  }

  /// "exited with code 3", "was killed by signal 9 (SIGKILL)".
  var sentence: String {
    switch self {
    case .exited(let code):
      return "exited with code \(code)"
    case .signaled(let signal):
      return "was killed by signal \(signal)\(Self.signalName(signal))"
    }
  }

  private static func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [
      SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT",
      SIGILL: "SIGILL", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
      SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
      SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
    ]
    return names[signal].map { " (\($0))" } ?? ""
  }
}
