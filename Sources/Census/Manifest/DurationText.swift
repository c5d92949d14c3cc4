/// Durations as manifests write them: a whole number and a unit, `250ms`,
/// `30s`, `5m` or `1h`.
enum DurationText {
  private static let units: [(suffix: String, milliseconds: Int64)] = [
    ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000),
  ]

  /// The duration `text` names, or nil when it is not one.
  static func parse(_ text: String) -> Duration? {
    let digits = text.prefix { ("0"..."9").contains($0) }
    let unit = text.dropFirst(digits.count)
    guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits),
      let scale = units.first(where: { $0.suffix == unit })?.milliseconds
    else { return nil }
    return .milliseconds(number * scale)
  }

  /// Whether `text` is written as a duration (digits, then a unit) but
  /// is too large to be one.
  static func isTooLarge(_ text: String) -> Bool {
    let digits = text.prefix { ("0"..."9").contains($0) }
    let unit = text.dropFirst(digits.count)
    return !digits.isEmpty && units.contains { $0.suffix == unit } && parse(text) == nil
  }

  /// The shortest way to write `duration` with the largest whole unit.
  static func format(_ duration: Duration) -> String {
    let milliseconds = duration.components.seconds * 1_000
      + duration.components.attoseconds / 1_000_000_000_000_000
    for (suffix, scale) in units.reversed()
    where milliseconds != 0 && milliseconds % scale == 0 {
      return "\(milliseconds / scale)\(suffix)"
    }
    return "\(milliseconds)ms"
  }
}
