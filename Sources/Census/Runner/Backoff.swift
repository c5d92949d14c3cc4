/// Exponential backoff with full jitter between attempts.
///
/// Attempt n waits a random time in `0...base * 2^(n-1)`, capped, so
/// servers that failed together do not retry together.
struct Backoff {
  var base: Duration
  var cap: Duration = .seconds(30)

  /// The wait before attempt `attempt + 1`, after `attempt` failed.
  func delay<R: RandomNumberGenerator>(
    after attempt: Int, using generator: inout R
  ) -> Duration {
    let ceiling = ceilingNanoseconds(after: attempt)
    guard ceiling > 0 else { return .zero }
    let nanos = UInt64.random(in: 0...ceiling, using: &generator)
    return .nanoseconds(Int64(clamping: nanos))
  }

  /// The largest wait after `attempt` failures.
  func ceilingNanoseconds(after attempt: Int) -> UInt64 {
    let exponent = UInt64(max(0, min(attempt - 1, 30)))
    let (scaled, overflow) = base.nanoseconds.multipliedReportingOverflow(by: 1 << exponent)
    return min(overflow ? .max : scaled, cap.nanoseconds)
  }
}
