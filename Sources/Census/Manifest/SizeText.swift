/// Sizes as manifests write them: bytes as a plain number, or a whole
/// number with a binary unit, `512KiB`, `16MiB`, `1GiB`.
enum SizeText {
  private static let units: [(suffix: String, bytes: Int)] = [
    ("B", 1), ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
  ]

  /// The number of bytes `text` names, or nil when it is not a size.
  static func parse(_ text: String) -> Int? {
    let digits = text.prefix { ("0"..."9").contains($0) }
    let unit = text.dropFirst(digits.count)
    guard !digits.isEmpty, digits.count <= 12, let number = Int(digits)
    else { return nil }
    if unit.isEmpty { return number }
    guard let scale = units.first(where: { $0.suffix == unit })?.bytes
    else { return nil }
    let (bytes, overflow) = number.multipliedReportingOverflow(by: scale)
    return overflow ? nil : bytes
  }

  /// Whether `text` is written as a size (digits, then a unit or none)
  /// but is too large to be one.
  static func isTooLarge(_ text: String) -> Bool {
    let digits = text.prefix { ("0"..."9").contains($0) }
    let unit = text.dropFirst(digits.count)
    return !digits.isEmpty && (unit.isEmpty || units.contains { $0.suffix == unit })
      && parse(text) == nil
  }

  /// `bytes` with the largest binary unit that divides it.
  static func format(_ bytes: Int) -> String {
    for (suffix, scale) in units.reversed()
    where bytes != 0 && bytes % scale == 0 && scale > 1 {
      return "\(bytes / scale)\(suffix)"
    }
    return "\(bytes)B"
  }
}
