import Dispatch
import Glibc
import Testing
@testable import Census

/// A surface that records what the progress line draws.
final class RecordingSurface: ProgressSurface {
  let showsProgress: Bool
  let drawn = Locked([String]())

  init(showsProgress: Bool = true) {
    self.showsProgress = showsProgress
  }

  func progress(_ text: String) {
    // Other threads get the chance to draw first, as on a busy machine;
    // a line made outside the progress line's lock would then land late.
    for _ in 0..<Int.random(in: 0...3) { sched_yield() }
    drawn.withLock { $0.append(text) }
  }

  func clearProgress() {
    drawn.withLock { $0.append("(cleared)") }
  }

  func emphasised(_ text: String) -> String { "*\(text)*" }
}

/// A ticker the test fires by hand, and a clock it sets by hand.
final class ManualTicker: Ticker {
  private let handler = Locked<(@Sendable () -> Void)?>(nil)
  let starts = Locked(0)
  let stops = Locked(0)

  func start(_ handler: @escaping @Sendable () -> Void) {
    starts.withLock { $0 += 1 }
    self.handler.withLock { $0 = handler }
  }

  func stop() {
    stops.withLock { $0 += 1 }
  }

  /// One tick, as the timer would give it (also after `stop`, as a late
  /// timer might).
  func fire() {
    handler.value?()
  }
}

@Suite struct ProgressLineTests {
  let start = Deadline(nanoseconds: 5_000_000_000)

  func clock(_ now: Locked<UInt64>) -> @Sendable () -> Deadline {
    { Deadline(nanoseconds: now.value) }
  }

  @Test func ticksRedrawTheLineWithTheTimeNow() {
    let surface = RecordingSurface()
    let ticker = ManualTicker()
    let now = Locked(start.nanoseconds)
    let line = ProgressLine(
      console: surface, started: start, ticker: ticker, clock: clock(now))

    line.begin(total: 2)
    line.started()
    now.withLock { $0 += 1_200_000_000 }
    ticker.fire()
    now.withLock { $0 += 2_000_000_000 }
    ticker.fire()
    line.finished(.failed)
    line.end()
    ticker.fire()

    #expect(surface.drawn.value == [
      "0/2 done, 0 in flight, 0.0s",
      "0/2 done, 1 in flight, 0.0s",
      "0/2 done, 1 in flight, 1.2s",
      "0/2 done, 1 in flight, 3.2s",
      "1/2 done, *1 failed*, 0 in flight, 3.2s",
      "(cleared)",
    ])
    #expect(ticker.starts.value == 1)
    #expect(ticker.stops.value == 1)
  }

  @Test func nothingTicksWhereNoLineIsShown() {
    let surface = RecordingSurface(showsProgress: false)
    let ticker = ManualTicker()
    let line = ProgressLine(console: surface, started: start, ticker: ticker)
    line.begin(total: 1)
    line.started()
    line.finished(.ok)
    line.end()
    #expect(ticker.starts.value == 0)
    #expect(surface.drawn.value == ["(cleared)"])
  }

  /// Lanes start servers at once; the line drawn after each start must
  /// count one more than the line before it, never fewer.
  @Test func linesAreDrawnInTheOrderOfTheirEvents() {
    let surface = RecordingSurface()
    let line = ProgressLine(console: surface, started: start, ticker: ManualTicker())
    let lanes = 4
    let starts = 300
    line.begin(total: lanes * starts)
    let ready = DispatchSemaphore(value: 0)
    let go = DispatchSemaphore(value: 0)
    let threads = (0..<lanes).map { _ in
      LaneThread.start {
        ready.signal()
        go.wait()
        for _ in 0..<starts { line.started() }
      }
    }
    for _ in 0..<lanes { ready.wait() }
    for _ in 0..<lanes { go.signal() }
    for thread in threads { thread.join() }
    let inFlight = surface.drawn.value.dropFirst().compactMap { text in
      Int(text.split(separator: " ")[2])
    }
    #expect(inFlight.count == lanes * starts)
    let late = zip(inFlight, inFlight.dropFirst()).first { $0.1 != $0.0 + 1 }
    #expect(late == nil, "a line counting \(late?.1 ?? 0) in flight came after \(late?.0 ?? 0)")
  }

  @Test func aDispatchTickerTicksUntilStopped() throws {
    let ticker = DispatchTicker(every: .milliseconds(1))
    let ticked = DispatchSemaphore(value: 0)
    ticker.start { ticked.signal() }
    for _ in 0..<3 {
      try #require(ticked.wait(timeout: .now() + 30) == .success)
    }
    ticker.stop()
    ticker.stop()
    DispatchTicker(every: .seconds(1)).stop()
  }

  /// Once `stop()` has returned, no tick runs: none that had begun is
  /// still running, and none comes in the next few intervals.
  @Test func aDispatchTickerIsSilentOnceStopped() throws {
    let ticker = DispatchTicker(every: .milliseconds(1))
    let ticked = DispatchSemaphore(value: 0)
    let stopped = Locked(false)
    ticker.start {
      #expect(!stopped.value, "a tick after stop()")
      ticked.signal()
    }
    for _ in 0..<3 {
      try #require(ticked.wait(timeout: .now() + 30) == .success)
    }
    ticker.stop()
    stopped.withLock { $0 = true }
    while ticked.wait(timeout: .now()) == .success {}
    // Nothing is to happen, so only a bounded wait can show it: 50 intervals.
    #expect(ticked.wait(timeout: .now() + .milliseconds(50)) == .timedOut)
  }
}
