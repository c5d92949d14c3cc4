import Synchronization

/// A value behind a `Mutex`, in a class so that escaping closures can share it.
public final class Locked<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>

  public init(_ value: Value) {
    mutex = Mutex(value)
  }

  /// Runs `body` with the value locked.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    try mutex.withLock { try body(&$0) }
  }

  /// A copy of the value.
  public var value: Value { withLock { $0 } }
}
