import CSystem
import Dispatch
import Glibc

/// SIGINT, SIGTERM and SIGHUP during a run.
///
/// The first stops the job: no new server starts, running ones are stopped
/// by their process groups, and the partial report is written. A second
/// one kills every process group we started and exits 130 at once.
/// SIGHUP (the terminal or ssh session closed) counts as an interrupt,
/// unless the run was started with it ignored (`nohup`), which stays so.
/// The handlers run on a serial queue of their own, which always has a
/// thread: on a shared queue they could wait behind blocked workers.
final class SignalHandling {
  private let sources: [DispatchSourceSignal]
  private let signals: [Int32]
  private let count = Locked(0)

  init(cancellation: Cancellation, console: Console) {
    var signals = [SIGINT, SIGTERM]
    if !Self.isIgnored(SIGHUP) { signals.append(SIGHUP) }
    self.signals = signals
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
    for number in signals { signal(number, SIG_DFL) }
  }

  /// Whether `number` was set to be ignored when the process started.
  private static func isIgnored(_ number: Int32) -> Bool {
    csystem_signal_is_ignored(number) == 1
  }
}
