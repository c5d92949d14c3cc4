import Synchronization

/// A one-way switch that stops a job: set by the job deadline or a signal.
///
/// Blocking waits put `fileDescriptor` (a `WakeDescriptor`) in their
/// `poll(2)` set, so every waiter wakes at once when the switch is set.
public final class Cancellation: Sendable {
  /// 0 while the job goes on, else the reason's code: read on every step
  /// of every server's I/O, so it is an atomic, not a lock all lanes share.
  private let state = Atomic<UInt8>(0)
  private let wake: WakeDescriptor

  public init() {
    do {
      wake = try WakeDescriptor()
    } catch {
      preconditionFailure("cannot create the cancellation descriptor: \(error)")
    }
  }

  /// Readable once cancelled; never read from, never closed by callers.
  public var fileDescriptor: Int32 { wake.fileDescriptor }

  /// Why the job was stopped, or nil while it goes on.
  public var reason: CancellationReason? {
    CancellationReason(code: state.load(ordering: .acquiring))
  }

  public var isCancelled: Bool { reason != nil }

  /// Sets the switch; the first reason wins.
  public func cancel(_ reason: CancellationReason) {
    let (first, _) = state.compareExchange(
      expected: 0, desired: reason.code, ordering: .acquiringAndReleasing)
    guard first else { return }
    wake.signal()
  }
}

/// What stopped a job early.
public enum CancellationReason: String, Sendable {
  case jobTimeout
  case interrupted
}

extension CancellationReason {
  fileprivate var code: UInt8 {
    switch self {
    case .jobTimeout: return 1
    case .interrupted: return 2
    }
  }

  fileprivate init?(code: UInt8) {
    switch code {
    case 1: self = .jobTimeout
    case 2: self = .interrupted
    default: return nil
    }
  }
}
