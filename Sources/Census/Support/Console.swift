import Glibc
import Synchronization

/// The one place that writes to stdout and stderr, so lines never interleave.
///
/// Diagnostics go to stderr always; the live progress line only when stderr
/// is a terminal; step-by-step notes only with `--verbose`.
public final class Console: Sendable {
  public enum Verbosity: Int, Sendable, Comparable {
    case quiet, normal, verbose

    public static func < (lhs: Verbosity, rhs: Verbosity) -> Bool {
      lhs.rawValue < rhs.rawValue
    }
  }

  public let verbosity: Verbosity
  /// Whether stderr is a terminal: the progress line is drawn only there.
  public let isTerminal: Bool
  /// Colour only on a terminal and only without `NO_COLOR`.
  public let usesColor: Bool
  private let lock = Mutex(false)

  public init(verbosity: Verbosity, environment: [String: String]) {
    self.verbosity = verbosity
    isTerminal = isatty(STDERR_FILENO) == 1
    let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    usesColor = isTerminal && !noColor && environment["TERM"] != "dumb"
  }

  /// Writes requested output (a report streamed with `--out -`) to stdout.
  /// - Throws: `SystemError` when stdout did not take all of it.
  public func output(_ text: String) throws(SystemError) {
    try lock.withLock { _ throws(SystemError) in
      try StandardStreams.writeOutput(text)
    }
  }

  /// An error or warning line on stderr, whatever the verbosity.
  public func diagnostic(_ text: String) {
    emit(text.hasSuffix("\n") ? text : text + "\n")
  }

  /// A line shown by default, hidden by `--quiet`.
  public func note(_ text: @autoclosure () -> String) {
    guard verbosity >= .normal else { return }
    emit(text() + "\n")
  }

  /// A per-server step, shown with `--verbose` only.
  public func detail(_ text: @autoclosure () -> String) {
    guard verbosity >= .verbose else { return }
    emit(text() + "\n")
  }

  /// Redraws the live progress line (terminal only, not with `--quiet`).
  public func progress(_ text: String) {
    guard isTerminal, verbosity >= .normal else { return }
    lock.withLock { progressShown in
      Console.write("\r\u{1B}[2K" + text, to: STDERR_FILENO)
      progressShown = true
    }
  }

  /// Removes the progress line, if one is shown.
  public func clearProgress() {
    lock.withLock { progressShown in
      guard progressShown else { return }
      Console.write("\r\u{1B}[2K", to: STDERR_FILENO)
      progressShown = false
    }
  }

  /// `text` in bold red on a colour terminal, unchanged otherwise.
  public func emphasised(_ text: String) -> String {
    usesColor ? "\u{1B}[1;31m" + text + "\u{1B}[0m" : text
  }

  private func emit(_ text: String) {
    lock.withLock { progressShown in
      if progressShown {
        Console.write("\r\u{1B}[2K", to: STDERR_FILENO)
        progressShown = false
      }
      Console.write(text, to: STDERR_FILENO)
    }
  }

  /// Writes all of `text` to stderr (or any descriptor whose failures
  /// have nowhere to be reported), retrying short writes and EINTR.
  /// Requested output goes through `output` or `StandardStreams`.
  static func write(_ text: String, to descriptor: Int32) {
    try? StandardStreams.writeAll(text, to: descriptor)
  }
}
