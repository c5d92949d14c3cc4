/// One JSON value kept as its text and read only while it is in use.
///
/// A list's items are held this way between discovery and the report: a
/// small tool costs its bytes instead of a tree of values several times
/// larger, and a 20 MB `tools/list` answer is never a tree all at once.
/// The text was checked against the JSON grammar when it was kept, so
/// reading it again cannot fail.
public struct RawJSON: Sendable {
  private let storage: Storage
  /// Where the value lies in `storage.bytes`, in the low 48 bits of each
  /// (no array comes near 2^48 bytes), and in the high 16 bits where the
  /// string member named `storage.notedKey` lies, found once when the
  /// value was kept: its literal, quotes included, starts `notedStart`
  /// bytes into the value and is `notedCount` bytes long. A count of 0
  /// means the value has no such string member; `notLookedFor` that it
  /// was not looked for (or lies too far in to be noted). Packed so that
  /// a kept value, and every `JSONValue`, stays as small as a range.
  private let packedStart: UInt64
  private let packedEnd: UInt64

  private static let boundBits: UInt64 = 48
  private static let boundMask: UInt64 = (1 << boundBits) - 1
  private static let notLookedFor = 0xFFFF

  private var range: Range<Int> {
    Int(packedStart & Self.boundMask)..<Int(packedEnd & Self.boundMask)
  }

  private var notedStart: Int { Int(packedStart >> Self.boundBits) }
  private var notedCount: Int { Int(packedEnd >> Self.boundBits) }

  /// Keeps `range` of `storage`, already checked to hold one JSON value.
  init(validated range: Range<Int>, of storage: Storage) {
    self.init(range, of: storage, noted: (start: 0, count: Self.notLookedFor))
  }

  /// Keeps `range` of `storage` (checked, as above) as an element of a
  /// list, with `noted`, the string literal of its `storage.notedKey`
  /// member (nil when it has none).
  init(element range: Range<Int>, of storage: Storage, noted: Range<Int>?) {
    var span = (start: 0, count: Self.notLookedFor)
    if storage.notedKey != nil {
      span = noted.map { ($0.lowerBound - range.lowerBound, $0.count) } ?? (0, 0)
      if span.start >= Self.notLookedFor || span.count >= Self.notLookedFor {
        span = (0, Self.notLookedFor)
      }
    }
    self.init(range, of: storage, noted: span)
  }

  private init(_ range: Range<Int>, of storage: Storage, noted: (start: Int, count: Int)) {
    precondition(UInt64(range.upperBound) <= Self.boundMask, "JSON text too large to keep")
    self.storage = storage
    packedStart = UInt64(range.lowerBound) | UInt64(noted.start) << Self.boundBits
    packedEnd = UInt64(range.upperBound) | UInt64(noted.count) << Self.boundBits
  }

  /// The value's compact JSON text.
  public init(_ value: JSONValue) {
    let bytes = JSONWriter().bytes(value)
    self.init(validated: 0..<bytes.count, of: Storage(bytes))
  }

  /// The text of several values, shared by all of them.
  final class Storage: Sendable {
    let bytes: [UInt8]
    /// The member each element of a list notes as it is kept (a tool's
    /// `name`, a resource's `uri`): read by every check and the report,
    /// it is then found without stepping over the others again.
    let notedKey: String?

    init(_ bytes: [UInt8], notedKey: String? = nil) {
      self.bytes = bytes
      self.notedKey = notedKey
    }
  }

  /// The value, read afresh on every call.
  public var value: JSONValue {
    read { reader throws(JSONParseError) in try reader.readValue(depth: 0) }
  }

  /// Bytes of JSON text.
  public var byteCount: Int { range.count }

  /// Whether the value is an object, known without reading it.
  public var isObject: Bool { firstByte == UInt8(ascii: "{") }

  /// Whether the value is `null`, known without reading it.
  public var isNull: Bool { firstByte == UInt8(ascii: "n") }

  /// `an object`, `a string`, ..., as `JSONValue` words it, known from
  /// the first byte without reading the value.
  public var typeDescription: String {
    let shape: JSONValue
    switch firstByte {
    case UInt8(ascii: "{"): shape = .object(JSONObject())
    case UInt8(ascii: "["): shape = .array([])
    case UInt8(ascii: "\""): shape = .string("")
    case UInt8(ascii: "t"), UInt8(ascii: "f"): shape = .bool(true)
    case UInt8(ascii: "n"): shape = .null
    default: shape = .number("0")
    }
    return shape.typeDescription
  }

  /// The last member named `key` when the value is an object, found by
  /// skipping over the others rather than reading them.
  public func member(_ key: String) -> RawJSON? {
    guard isObject else { return nil }
    let found = read { reader throws(JSONParseError) in try reader.memberRange(key) }
    guard let found else { return nil }
    return RawJSON(validated: found.offset(by: range.lowerBound), of: storage)
  }

  /// The member named `key` when it is a string.
  public func string(_ key: String) -> String? {
    guard notedCount != Self.notLookedFor, storage.notedKey == key else {
      return member(key)?.value.stringValue
    }
    guard notedCount > 0 else { return nil }
    let start = range.lowerBound + notedStart
    let noted = RawJSON(validated: start..<(start + notedCount), of: storage)
    return noted.read { reader throws(JSONParseError) in try reader.readString() }
  }

  /// Whether any string in the value may hold a character outside
  /// ASCII: a byte over 0x7F or a `\u` escape is in the text. False is
  /// certain; true only says the value must be read to know.
  public var mayHoldNonASCII: Bool {
    withBytes { bytes in
      var index = 0
      while true {
        index = bytes.runEnd(from: index, stoppingAt: [.backslash, .nonASCII])
        guard index < bytes.count else { return false }
        if bytes[index] >= 0x80 { return true }
        // An escape: `\u` may stand for anything; skip the escaped byte.
        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "u") {
          return true
        }
        index += 2
      }
    }
  }

  /// Calls `body` with the value's text (only while `body` runs).
  func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    storage.bytes.withUnsafeBufferPointer { whole in
      body(UnsafeBufferPointer(rebasing: whole[range]))
    }
  }

  private var firstByte: UInt8? {
    storage.bytes[range].first { !JSONReader.isWhitespace($0) }
  }

  /// Runs `body` with a reader over the text. The text was checked when
  /// it was kept, so an error from `body` is a fault of this program, not
  /// of the server's text, and stops it.
  func read<T>(_ body: (inout JSONReader) throws(JSONParseError) -> T) -> T {
    withBytes { bytes in
      var reader = JSONReader(bytes: bytes)
      do throws(JSONParseError) {
        return try body(&reader)
      } catch {
        preconditionFailure("kept JSON text failed to read again: \(error)")
      }
    }
  }
}

extension RawJSON {
  /// Whether both hold the same text, byte for byte.
  func hasSameText(as other: RawJSON) -> Bool {
    withBytes { left in other.withBytes { right in left.sameBytes(as: right) } }
  }

  /// A hash of the text, to find repeats among many values.
  var textHash: Int {
    withBytes { bytes in
      var hasher = Hasher()
      hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
      return hasher.finalize()
    }
  }
}

extension RawJSON: Equatable {
  /// Equal when the values are, whatever white space the texts hold.
  public static func == (lhs: RawJSON, rhs: RawJSON) -> Bool {
    lhs.value == rhs.value
  }
}

extension Range<Int> {
  fileprivate func offset(by distance: Int) -> Range<Int> {
    (lowerBound + distance)..<(upperBound + distance)
  }
}
