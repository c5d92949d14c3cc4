import CSystem
import Glibc
import Synchronization

/// A one-way switch that stops a job: set by the job deadline or a signal.
///
/// Blocking waits put `fileDescriptor` in their `poll(2)` set: it becomes
/// readable, and stays readable, once the switch is set, so every waiter
/// wakes at once without polling a flag on a timer.
public final class Cancellation: Sendable {
  private let state = Mutex(State())
  private let readEnd: Int32
  private let writeEnd: Int32

  private struct State {
    var reason: CancellationReason?
    var handlers: [Int: @Sendable () -> Void] = [:]
    var nextToken = 0
  }

  public init() {
    var fds: [Int32] = [-1, -1]
    let result = csystem_pipe2(&fds, O_CLOEXEC | O_NONBLOCK)
    precondition(result == 0, "cannot create the cancellation pipe: errno \(errno)")
    readEnd = fds[0]
    writeEnd = fds[1]
  }

  deinit {
    close(readEnd)
    close(writeEnd)
  }

  /// Readable once cancelled; never read from, never closed by callers.
  public var fileDescriptor: Int32 { readEnd }

  /// Why the job was stopped, or nil while it goes on.
  public var reason: CancellationReason? { state.withLock { $0.reason } }

  public var isCancelled: Bool { reason != nil }

  /// Sets the switch; the first reason wins. Runs the handlers once.
  public func cancel(_ reason: CancellationReason) {
    let handlers: [@Sendable () -> Void]? = state.withLock { state in
      guard state.reason == nil else { return nil }
      state.reason = reason
      defer { state.handlers = [:] }
      return Array(state.handlers.values)
    }
    guard let handlers else { return }
    var byte: UInt8 = 1
    _ = write(writeEnd, &byte, 1)
    handlers.forEach { $0() }
  }

  /// Calls `handler` on cancellation (at once if already cancelled).
  /// - Returns: a token for `removeHandler`.
  @discardableResult
  public func onCancel(_ handler: @escaping @Sendable () -> Void) -> Int {
    let token: Int? = state.withLock { state in
      guard state.reason == nil else { return nil }
      state.nextToken += 1
      state.handlers[state.nextToken] = handler
      return state.nextToken
    }
    guard let token else {
      handler()
      return 0
    }
    return token
  }

  public func removeHandler(_ token: Int) {
    state.withLock { _ = $0.handlers.removeValue(forKey: token) }
  }
}

/// What stopped a job early.
public enum CancellationReason: String, Sendable {
  case jobTimeout
  case interrupted
}
