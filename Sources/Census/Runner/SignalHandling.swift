import Dispatch
import Glibc

/// SIGINT and SIGTERM during a run.
///
/// The first stops the job: no new server starts, running ones are stopped
/// by their process groups, and the partial report is written. A second
/// SIGINT kills every process group we started and exits 130 at once.
/// The handlers run on a serial queue of their own, which always has a
/// thread: on a shared queue they could wait behind blocked workers.
final class SignalHandling {
  private let sources: [DispatchSourceSignal]
  private let count = Locked(0)

  init(cancellation: Cancellation, console: Console) {
    let signals = [SIGINT, SIGTERM]
    for number in signals { signal(number, SIG_IGN) }
    let count = self.count
    let queue = DispatchQueue(label: "mcp-census.signals")
    sources = signals.map { number in
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler {
        let delivered = max(1, Int(source.data))
        let seen = count.withLock { value in
          value += delivered
          return value
        }
        if seen == 1 {
          console.diagnostic(
            "mcp-census: interrupted; stopping servers and writing a partial report "
              + "(interrupt again to quit at once)")
          cancellation.cancel(.interrupted)
        } else {
          ProcessGroups.shared.killAll()
          ProcessGroups.killOrphans()
          _exit(ExitCode.interrupted)
        }
      }
      source.resume()
      return source
    }
  }

  /// Puts the default handlers back once the run is over.
  func restore() {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
