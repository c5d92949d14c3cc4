import Synchronization

/// Where the progress line is drawn: the console, or a test's recorder.
protocol ProgressSurface: Sendable {
  /// Whether a line is shown at all: on a terminal, without `--quiet`.
  var showsProgress: Bool { get }
  /// Replaces the line shown with `text`.
  func progress(_ text: String)
  /// Removes the line, if one is shown.
  func clearProgress()
  /// `text` marked for attention (bold red on a colour terminal).
  func emphasised(_ text: String) -> String
}

extension Console: ProgressSurface {
  var showsProgress: Bool { isTerminal && verbosity >= .normal }
}

/// The live line on a terminal: done, failed, in flight, elapsed.
///
/// It is redrawn on every start and finish, and on every tick of its
/// ticker (once a second) between them, so the elapsed time runs on
/// through long waits. Each line is made and drawn under one lock: lines
/// appear in the order of the events they count, and none after `end()`.
final class ProgressLine: Sendable {
  /// What the line counts.
  struct Counts: Equatable {
    var total = 0
    var done = 0
    var failed = 0
    var inFlight = 0
  }

  private struct State {
    var counts = Counts()
    var ended = false
  }

  private let surface: any ProgressSurface
  private let startTime: Deadline
  private let ticker: any Ticker
  private let clock: @Sendable () -> Deadline
  private let state = Mutex(State())

  /// - Parameters:
  ///   - ticker: when to redraw between events; a test passes its own.
  ///   - clock: the time now, for the elapsed time; a test passes its own.
  init(
    console: any ProgressSurface, started: Deadline,
    ticker: any Ticker = DispatchTicker(every: .seconds(1)),
    clock: @escaping @Sendable () -> Deadline = { Deadline.now() }
  ) {
    surface = console
    startTime = started
    self.ticker = ticker
    self.clock = clock
  }

  /// Draws the first line and starts the ticks (only where a line shows).
  func begin(total: Int) {
    update { $0.total = total }
    guard surface.showsProgress else { return }
    ticker.start { [weak self] in self?.tick() }
  }

  /// Counts one more server in flight and redraws; `JobRunner` calls it
  /// as each server's discovery begins.
  func started() {
    update { $0.inFlight += 1 }
  }

  /// Counts a server that was in flight as done (and as failed, unless
  /// it was discovered) and redraws; `JobRunner` calls it once per
  /// `started()`, with the server's final status.
  func finished(_ status: ServerStatus) {
    update { counts in
      counts.inFlight -= 1
      counts.done += 1
      if !status.isDiscovered { counts.failed += 1 }
    }
  }

  /// Redraws the line with the time now; what the ticker calls.
  func tick() {
    update { _ in }
  }

  /// Stops the ticks and removes the line; nothing is drawn after this.
  func end() {
    ticker.stop()
    state.withLock { state in
      state.ended = true
      surface.clearProgress()
    }
  }

  /// `3/10 done, 1 failed, 2 in flight, 4.2s`.
  func line(_ counts: Counts, at now: Deadline) -> String {
    let nanoseconds = now > startTime ? now.nanoseconds - startTime.nanoseconds : 0
    let elapsed = (Double(nanoseconds) / 100_000_000).rounded() / 10
    var line = "\(counts.done)/\(counts.total) done"
    if counts.failed > 0 { line += ", " + surface.emphasised("\(counts.failed) failed") }
    line += ", \(counts.inFlight) in flight, \(elapsed)s"
    return line
  }

  private func update(_ change: (inout Counts) -> Void) {
    state.withLock { state in
      guard !state.ended else { return }
      change(&state.counts)
      guard surface.showsProgress else { return }
      surface.progress(line(state.counts, at: clock()))
    }
  }
}
