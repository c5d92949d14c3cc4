/// Protocol violations tolerated during one attempt, bounded and deduplicated.
///
/// A server that sends the same bad line ten thousand times yields one
/// warning with a count, not ten thousand entries.
struct WarningLog {
  static let limit = 50
  static let longest = 300

  private(set) var entries: [String] = []
  private var repeats: [Int] = []
  private var index: [String: Int] = [:]
  private var dropped = 0

  mutating func add(_ message: String) {
    let text = message.count > WarningLog.longest
      ? String(message.prefix(WarningLog.longest)) + "..." : message
    if let position = index[text] {
      repeats[position] += 1
      return
    }
    guard entries.count < WarningLog.limit else {
      dropped += 1
      return
    }
    index[text] = entries.count
    entries.append(text)
    repeats.append(1)
  }

  /// The warnings with their repeat counts and a line for any dropped.
  var summary: [String] {
    var lines = zip(entries, repeats).map { text, count in
      count > 1 ? "\(text) (\(count) times)" : text
    }
    if dropped > 0 { lines.append("\(dropped) more warnings not recorded") }
    return lines
  }
}
