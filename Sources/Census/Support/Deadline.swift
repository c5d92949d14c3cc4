import Glibc

/// A point on the monotonic clock by which something must be done.
public struct Deadline: Sendable, Comparable, Hashable {
  /// Nanoseconds on CLOCK_MONOTONIC.
  public let nanoseconds: UInt64

  public init(nanoseconds: UInt64) {
    self.nanoseconds = nanoseconds
  }

  /// The monotonic clock now.
  public static func now() -> Deadline {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    let nanos = UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    return Deadline(nanoseconds: nanos)
  }

  /// A deadline that never comes.
  public static let distantFuture = Deadline(nanoseconds: .max)

  /// Now plus `duration`.
  public static func after(_ duration: Duration) -> Deadline {
    now().adding(duration)
  }

  /// This deadline moved by `duration`, saturating at the far future.
  public func adding(_ duration: Duration) -> Deadline {
    let delta = duration.nanoseconds
    guard delta > 0 else { return self }
    let (sum, overflow) = nanoseconds.addingReportingOverflow(delta)
    return Deadline(nanoseconds: overflow ? .max : sum)
  }

  /// The earlier of two deadlines.
  public func earliest(_ other: Deadline) -> Deadline {
    Swift.min(self, other)
  }

  /// Time left, zero once passed.
  public var remaining: Duration {
    let now = Deadline.now().nanoseconds
    guard nanoseconds > now else { return .zero }
    return .nanoseconds(Int64(clamping: nanoseconds - now))
  }

  public var hasPassed: Bool { Deadline.now() >= self }

  /// Milliseconds left for `poll(2)`: -1 for never, rounded up otherwise.
  public var pollTimeout: Int32 {
    if self == .distantFuture { return -1 }
    let now = Deadline.now().nanoseconds
    guard nanoseconds > now else { return 0 }
    let millis = (nanoseconds - now + 999_999) / 1_000_000
    return Int32(clamping: millis)
  }

  public static func < (lhs: Deadline, rhs: Deadline) -> Bool {
    lhs.nanoseconds < rhs.nanoseconds
  }
}

extension Duration {
  /// Whole nanoseconds, negative durations as zero.
  public var nanoseconds: UInt64 {
    let (seconds, attos) = components
    guard seconds >= 0 else { return 0 }
    let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(
      by: 1_000_000_000)
    if overflow { return .max }
    return whole &+ UInt64(attos / 1_000_000_000)
  }

  /// Milliseconds as a floating-point number, for reports.
  public var milliseconds: Double {
    let (seconds, attos) = components
    return Double(seconds) * 1000 + Double(attos) / 1e15
  }
}
