import Dispatch

extension Array where Element: Sendable {
  /// `map` spread over the machine's cores with `concurrentPerform`, in
  /// slices of `grain` elements; results keep the elements' order.
  ///
  /// For the work done once every server has a record (fingerprints, the
  /// report, the audit), which would otherwise keep one core idle at the
  /// end of a run. Small arrays are mapped in place, without threads.
  func concurrentMap<Result: Sendable>(
    grain: Int = 16, _ transform: @Sendable (Element) -> Result
  ) -> [Result] {
    guard count > grain else { return map(transform) }
    let slices = (count + grain - 1) / grain
    let results = Locked([[Result]](repeating: [], count: slices))
    withoutActuallyEscaping(transform) { transform in
      DispatchQueue.concurrentPerform(iterations: slices) { slice in
        let range = slice * grain..<Swift.min((slice + 1) * grain, count)
        let mapped = self[range].map(transform)
        results.withLock { $0[slice] = mapped }
      }
    }
    return results.withLock { $0.flatMap { $0 } }
  }
}
