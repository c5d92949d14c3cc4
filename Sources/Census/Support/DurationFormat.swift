extension Duration {
  /// The duration as people write it in manifests: `250ms`, `30s`, `5m`.
  public var manifestText: String {
    let millis = Int64(milliseconds.rounded())
    if millis % 3_600_000 == 0, millis > 0 { return "\(millis / 3_600_000)h" }
    if millis % 60_000 == 0, millis > 0 { return "\(millis / 60_000)m" }
    if millis % 1000 == 0 { return "\(millis / 1000)s" }
    return "\(millis)ms"
  }
}
