import Dispatch
import Synchronization

/// Calls a handler again and again until stopped: the progress line's
/// clock. `DispatchTicker` is the real one; tests drive their own by hand.
protocol Ticker: Sendable {
  /// Starts calling `handler`, on a thread that is not the caller's.
  /// Called at most once.
  func start(_ handler: @escaping @Sendable () -> Void)

  /// Stops the calls. When it returns, no call is running and none will
  /// come. Safe without `start`, and more than once.
  func stop()
}

/// A tick every `interval` from a Dispatch timer on a serial queue of its
/// own, so that `stop()` can wait out a tick that has begun.
final class DispatchTicker: Ticker {
  private let interval: Duration
  private let queue = DispatchQueue(label: "mcp-census.progress")
  private let timer = Mutex<DispatchSourceTimer?>(nil)

  init(every interval: Duration) {
    self.interval = interval
  }

  func start(_ handler: @escaping @Sendable () -> Void) {
    let period = DispatchTimeInterval.nanoseconds(Int(clamping: interval.nanoseconds))
    timer.withLock { timer in
      let source = DispatchSource.makeTimerSource(queue: queue)
      source.schedule(deadline: .now() + period, repeating: period)
      source.setEventHandler(handler: handler)
      source.resume()
      timer = source
    }
  }

  func stop() {
    timer.withLock { timer in
      timer?.cancel()
      timer = nil
    }
    // A cancelled source starts no new call; one that had begun runs on
    // this queue, and is over once a block queued behind it has run.
    queue.sync {}
  }
}
