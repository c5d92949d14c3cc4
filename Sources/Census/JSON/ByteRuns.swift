/// Bytes that end a run in `UnsafeBufferPointer.runEnd(from:stoppingAt:)`.
struct RunStops: OptionSet {
  let rawValue: UInt8

  /// `"`.
  static let quote = RunStops(rawValue: 1)
  /// `\`.
  static let backslash = RunStops(rawValue: 2)
  /// 0x00 to 0x1F.
  static let control = RunStops(rawValue: 4)
  /// 0x7F.
  static let delete = RunStops(rawValue: 8)
  /// 0x80 and above: every byte of a character outside ASCII.
  static let nonASCII = RunStops(rawValue: 16)

  /// What ends a string's plain text when reading JSON.
  static let stringText: RunStops = [.quote, .backslash, .control]

  /// What keeps a string's text from standing for itself: without these,
  /// the text is printable ASCII, read and written back unchanged.
  static let notVerbatim: RunStops = [
    .quote, .backslash, .control, .delete, .nonASCII,
  ]

  /// Whether `byte` is one of these.
  @inline(__always)
  func contains(byte: UInt8) -> Bool {
    (contains(.quote) && byte == UInt8(ascii: "\""))
      || (contains(.backslash) && byte == UInt8(ascii: "\\"))
      || (contains(.control) && byte < 0x20)
      || (contains(.delete) && byte == 0x7F)
      || (contains(.nonASCII) && byte >= 0x80)
  }

  /// Whether any of the eight bytes in `word` is one of these. Each test
  /// is a "has a zero byte" trick: exact as to whether some byte matches,
  /// though not as to which one does.
  @inline(__always)
  func mayMatch(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs = ones &* 0x80
    var matches: UInt64 = 0
    if contains(.quote) { matches |= Self.zeroBytes(word ^ (ones &* 0x22)) }
    if contains(.backslash) { matches |= Self.zeroBytes(word ^ (ones &* 0x5C)) }
    if contains(.control) { matches |= (word &- ones &* 0x20) & ~word }
    if contains(.delete) { matches |= Self.zeroBytes(word ^ (ones &* 0x7F)) }
    if contains(.nonASCII) { matches |= word }
    return matches & highs != 0
  }

  @inline(__always)
  private static func zeroBytes(_ word: UInt64) -> UInt64 {
    (word &- 0x0101_0101_0101_0101) & ~word
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// The first offset at or after `start` whose byte is in `stops`, or
  /// `count` when there is none. Eight bytes are tested at a time: this
  /// is the scan under every string a server sends.
  @inline(__always)
  func runEnd(from start: Int, stoppingAt stops: RunStops) -> Int {
    guard let base = baseAddress else { return start }
    let raw = UnsafeRawPointer(base)
    var index = start
    while true {
      while index + 8 <= count,
        !stops.mayMatch(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      {
        index += 8
      }
      // A word that may match does; only the last one can be short.
      let limit = Swift.min(index + 8, count)
      while index < limit {
        if stops.contains(byte: self[index]) { return index }
        index += 1
      }
      if index == count { return count }
    }
  }

  /// Whether both hold the same bytes, compared eight at a time.
  func sameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
    guard count == other.count else { return false }
    guard let left = baseAddress, let right = other.baseAddress else { return true }
    var index = 0
    while index + 8 <= count {
      let word = UnsafeRawPointer(left).loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let match = UnsafeRawPointer(right).loadUnaligned(fromByteOffset: index, as: UInt64.self)
      if word != match { return false }
      index += 8
    }
    while index < count {
      if left[index] != right[index] { return false }
      index += 1
    }
    return true
  }
}
