import CSystem
import Synchronization

/// A descriptor that becomes readable, and stays readable, once `signal()`
/// is called: how one thread wakes every thread blocked in `poll(2)` on
/// it, with nothing to drain and no flag to poll on a timer.
///
/// An eventfd: one descriptor where a pipe takes two. Every descriptor
/// open in the runner is one more that each server it starts must close
/// at exec.
final class WakeDescriptor: Sendable {
  /// Put in a poll set for reading; never read from, never closed by
  /// callers.
  let fileDescriptor: Int32
  private let signalled = Atomic(false)

  /// - Throws: `SystemError` when no eventfd can be made (out of
  ///   descriptors).
  init() throws(SystemError) {
    fileDescriptor = try SystemCall.retrying("eventfd") {
      csystem_wake_descriptor()
    }
  }

  deinit {
    SystemCall.close(fileDescriptor)
  }

  /// Makes the descriptor readable; later calls do nothing.
  func signal() {
    guard !signalled.exchange(true, ordering: .relaxed) else { return }
    _ = csystem_wake(fileDescriptor)
  }
}
