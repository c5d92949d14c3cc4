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
  /// (`ChildProcess`), so they do not inherit this.
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

  /// Writes all of `text` to `descriptor`, retrying short writes and EINTR.
  /// - Throws: `SystemError` for any other failure of `write(2)`.
  static func writeAll(_ text: String, to descriptor: Int32) throws(SystemError) {
    var bytes = Array(text.utf8)
    let failure = bytes.withUnsafeMutableBytes { buffer -> Int32? in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(
          descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
    if let failure { throw SystemError("write", code: failure) }
  }

  /// Why a write to stdout failed, in words, with what it means there:
  /// `Broken pipe (the program reading it exited first)`.
  static func reason(_ error: SystemError) -> String {
    switch error.code {
    case EBADF: return error.reason + " (standard output is closed)"
    case EPIPE: return error.reason + " (the program reading it exited first)"
    default: return error.reason
    }
  }
}
