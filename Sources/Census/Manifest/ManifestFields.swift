/// The pairs of one manifest mapping, by key, after unknown keys were
/// reported and `x-` keys dropped.
struct ManifestFields {
  /// Where the mapping starts, for "missing key" messages.
  var mark: SourceMark
  private var pairs: [String: YAMLPair]

  init(mark: SourceMark, pairs: [String: YAMLPair]) {
    self.mark = mark
    self.pairs = pairs
  }

  /// The value of `key`; nil when the key is absent or its value is null.
  subscript(key: String) -> YAMLNode? {
    guard let value = pairs[key]?.value else { return nil }
    return value.scalar?.isNull == true ? nil : value
  }

  /// Where `key` is written, when it is.
  func keyMark(_ key: String) -> SourceMark? {
    pairs[key]?.key.mark
  }

  /// Whether `key` is written at all, even with a null value.
  func contains(_ key: String) -> Bool {
    pairs[key] != nil
  }
}
