import Synchronization

/// The live line on a terminal: done, failed, in flight, elapsed.
final class ProgressLine: Sendable {
  private let console: Console
  private let startTime: Deadline
  private let counts = Mutex(Counts())

  private struct Counts {
    var total = 0
    var done = 0
    var failed = 0
    var inFlight = 0
  }

  init(console: Console, started: Deadline) {
    self.console = console
    startTime = started
  }

  func begin(total: Int) {
    counts.withLock { $0.total = total }
    draw()
  }

  func started() {
    counts.withLock { $0.inFlight += 1 }
    draw()
  }

  func finished(_ status: ServerStatus) {
    counts.withLock { counts in
      counts.inFlight -= 1
      counts.done += 1
      if !status.isDiscovered { counts.failed += 1 }
    }
    draw()
  }

  func end() {
    console.clearProgress()
  }

  private func draw() {
    guard console.isTerminal else { return }
    let counts = counts.withLock { $0 }
    let elapsed = (milliseconds(since: startTime) / 100).rounded() / 10
    var line = "\(counts.done)/\(counts.total) done"
    if counts.failed > 0 { line += ", " + console.emphasised("\(counts.failed) failed") }
    line += ", \(counts.inFlight) in flight, \(elapsed)s"
    console.progress(line)
  }
}
