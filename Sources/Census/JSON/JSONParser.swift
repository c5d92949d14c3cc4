/// Why a message is not JSON, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public var offset: Int
  public var reason: String

  public var description: String { "\(reason) at byte \(offset)" }
}

/// Reads JSON text (RFC 8259) into `JSONValue`.
///
/// Works on the bytes directly with no intermediate objects, so a
/// many-megabyte `tools/list` answer costs its values and little more.
public enum JSONParser {
  /// Nesting deeper than this is refused rather than risking the stack.
  public static let maximumDepth = 512

  /// Parses one JSON value filling all of `bytes` but for whitespace.
  public static func parse<Bytes: Collection>(
    _ bytes: Bytes
  ) throws(JSONParseError) -> JSONValue where Bytes.Element == UInt8 {
    let result: Result<JSONValue, JSONParseError>? =
      bytes.withContiguousStorageIfAvailable { buffer in
        parseBuffer(buffer)
      }
    if let result { return try result.get() }
    return try Array(bytes).withUnsafeBufferPointer { parseBuffer($0) }.get()
  }

  /// Parses a string's UTF-8 text.
  public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try parse(Array(text.utf8))
  }

  private static func parseBuffer(
    _ buffer: UnsafeBufferPointer<UInt8>
  ) -> Result<JSONValue, JSONParseError> {
    var reader = JSONReader(bytes: buffer)
    return reader.readDocument { reader throws(JSONParseError) in
      try reader.readValue(depth: 0)
    }
  }
}

/// A cursor over JSON text; reads or skips one value at a time.
struct JSONReader {
  let bytes: UnsafeBufferPointer<UInt8>
  var offset = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  func error(_ reason: String) -> JSONParseError {
    JSONParseError(offset: offset, reason: reason)
  }

  var current: UInt8? {
    offset < bytes.count ? bytes[offset] : nil
  }

  mutating func skipWhitespace() {
    while offset < bytes.count, JSONReader.isWhitespace(bytes[offset]) {
      offset += 1
    }
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  /// The whole input as one value, read by `read`; text after the value
  /// (other than white space) is an error.
  mutating func readDocument(
    _ read: (inout JSONReader) throws(JSONParseError) -> JSONValue
  ) -> Result<JSONValue, JSONParseError> {
    do throws(JSONParseError) {
      let value = try read(&self)
      skipWhitespace()
      guard offset == bytes.count else {
        throw error("unexpected text after the JSON value")
      }
      return .success(value)
    } catch {
      return .failure(error)
    }
  }

  mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
    skipWhitespace()
    guard let byte = current else { throw error("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
    case UInt8(ascii: "["): return try readArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try readString())
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "n"): try expect("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try readNumber())
    default:
      throw error("unexpected character '\(printable(byte))'")
    }
  }

  mutating func expect(_ word: StaticString) throws(JSONParseError) {
    let count = word.utf8CodeUnitCount
    guard offset + count <= bytes.count else {
      throw error("unexpected end of input")
    }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    for index in 0..<count where bytes[offset + index] != expected[index] {
      throw error("invalid literal")
    }
    offset += count
  }

  mutating func readObject(depth: Int) throws(JSONParseError) -> JSONValue {
    var members: [(String, JSONValue)] = []
    try forEachMember(depth: depth) { reader, key throws(JSONParseError) in
      members.append((key.string, try reader.readValue(depth: depth)))
    }
    return .object(JSONObject(members))
  }

  mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
    var elements: [JSONValue] = []
    try forEachElement(depth: depth) { reader throws(JSONParseError) in
      elements.append(try reader.readValue(depth: depth))
    }
    return .array(elements)
  }

  /// Walks the object at the cursor: `body` gets each key (an empty one
  /// when `decodingKeys` is false) and must consume the value.
  mutating func forEachMember(
    depth: Int, decodingKeys: Bool = true,
    _ body: (inout JSONReader, JSONKey) throws(JSONParseError) -> Void
  ) throws(JSONParseError) {
    try enter(depth)
    skipWhitespace()
    if current == UInt8(ascii: "}") { return offset += 1 }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else {
        throw error("expected a string key")
      }
      let key: JSONKey
      if decodingKeys { key = try readKey() } else { try skipString(); key = .empty }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
      offset += 1
      try body(&self, key)
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): offset += 1
      case UInt8(ascii: "}"): return offset += 1
      default: throw error("expected ',' or '}' in an object")
      }
    }
  }

  /// Walks the array at the cursor: `body` must consume each element.
  mutating func forEachElement(
    depth: Int, _ body: (inout JSONReader) throws(JSONParseError) -> Void
  ) throws(JSONParseError) {
    try enter(depth)
    skipWhitespace()
    if current == UInt8(ascii: "]") { return offset += 1 }
    while true {
      try body(&self)
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): offset += 1
      case UInt8(ascii: "]"): return offset += 1
      default: throw error("expected ',' or ']' in an array")
      }
    }
  }

  /// Steps over the `{` or `[` that opens a value nested `depth` deep.
  private mutating func enter(_ depth: Int) throws(JSONParseError) {
    guard depth <= JSONParser.maximumDepth else {
      throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
    }
    offset += 1
  }

  mutating func readNumber() throws(JSONParseError) -> String {
    let start = offset
    try skipNumber()
    let slice = UnsafeBufferPointer(rebasing: bytes[start..<offset])
    return String(decoding: slice, as: UTF8.self)
  }

  mutating func skipNumber() throws(JSONParseError) {
    if current == UInt8(ascii: "-") { offset += 1 }
    guard let first = current, isDigit(first) else {
      throw error("expected a digit")
    }
    offset += 1
    if first != UInt8(ascii: "0") { skipDigits() }
    if current == UInt8(ascii: ".") {
      offset += 1
      try requireDigits()
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      offset += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
        offset += 1
      }
      try requireDigits()
    }
  }

  func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  mutating func skipDigits() {
    while let byte = current, isDigit(byte) { offset += 1 }
  }

  mutating func requireDigits() throws(JSONParseError) {
    guard let byte = current, isDigit(byte) else {
      throw error("expected a digit")
    }
    skipDigits()
  }

  mutating func readString() throws(JSONParseError) -> String {
    offset += 1
    let start = offset
    offset = plainRunEnd(from: offset)
    guard offset < bytes.count else { throw error("unterminated string") }
    switch bytes[offset] {
    case UInt8(ascii: "\""):
      let slice = UnsafeBufferPointer(rebasing: bytes[start..<offset])
      offset += 1
      return String(decoding: slice, as: UTF8.self)
    case UInt8(ascii: "\\"):
      return try readEscapedString(from: start)
    default:
      throw error("control character in a string")
    }
  }

  /// The key at the cursor, decoded only when its text is not the key
  /// itself.
  private mutating func readKey() throws(JSONParseError) -> JSONKey {
    let open = offset
    let end = bytes.runEnd(from: open + 1, stoppingAt: .notVerbatim)
    if end < bytes.count && bytes[end] == UInt8(ascii: "\"") {
      offset = end + 1
      return JSONKey(text: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<end]), decoded: nil)
    }
    let decoded = try readString()
    let text = UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(offset - 1)])
    return JSONKey(text: text, decoded: decoded)
  }

  /// The slow path, taken only for strings holding escapes.
  mutating func readEscapedString(
    from start: Int
  ) throws(JSONParseError) -> String {
    var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
    while true {
      let end = plainRunEnd(from: offset)
      utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<end]))
      offset = end
      guard offset < bytes.count else { throw error("unterminated string") }
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        offset += 1
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        offset += 1
        try readEscape(into: &utf8)
      default:
        throw error("control character in a string")
      }
    }
  }

  /// The end of the string's plain text from `start` on.
  func plainRunEnd(from start: Int) -> Int {
    bytes.runEnd(from: start, stoppingAt: .stringText)
  }

  mutating func readEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
    guard let byte = current else { throw error("unterminated string") }
    offset += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
      utf8.append(byte)
    case UInt8(ascii: "b"): utf8.append(0x08)
    case UInt8(ascii: "f"): utf8.append(0x0C)
    case UInt8(ascii: "n"): utf8.append(0x0A)
    case UInt8(ascii: "r"): utf8.append(0x0D)
    case UInt8(ascii: "t"): utf8.append(0x09)
    case UInt8(ascii: "u"):
      let scalar = try readUnicodeEscape()
      utf8.append(contentsOf: String(Character(scalar)).utf8)
    default:
      offset -= 1
      throw error("invalid escape '\\\(printable(byte))'")
    }
  }

  /// A `\uXXXX` escape, joining surrogate pairs; a lone surrogate becomes
  /// U+FFFD as most decoders do.
  mutating func readUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
    let first = try readHex4()
    guard (0xD800...0xDBFF).contains(first) else {
      return Unicode.Scalar(first) ?? "\u{FFFD}"
    }
    let save = offset
    guard current == UInt8(ascii: "\\"), offset + 1 < bytes.count,
      bytes[offset + 1] == UInt8(ascii: "u")
    else { return "\u{FFFD}" }
    offset += 2
    let second = try readHex4()
    guard (0xDC00...0xDFFF).contains(second) else {
      offset = save
      return "\u{FFFD}"
    }
    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  mutating func readHex4() throws(JSONParseError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw error("short \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 48
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 87
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 55
      default: throw error("invalid hex digit in \\u escape")
      }
      value = value << 4 | UInt32(digit)
      offset += 1
    }
    return value
  }

  func printable(_ byte: UInt8) -> String {
    (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + hex(byte)
  }

  func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
  }
}

/// A member's key as an object's text holds it, valid only while the
/// reader that found it reads the same bytes. Most keys are printable
/// ASCII with no escape, and are compared and written from their text
/// without making a `String`.
struct JSONKey {
  /// The key's text, between its quotes.
  let text: UnsafeBufferPointer<UInt8>
  /// The key, when its text is not the key itself (it holds an escape or
  /// a byte outside printable ASCII).
  let decoded: String?

  /// What `forEachMember` gives when it was asked not to decode keys.
  static var empty: JSONKey {
    JSONKey(text: UnsafeBufferPointer(start: nil, count: 0), decoded: "")
  }

  /// The key.
  var string: String { decoded ?? String(decoding: text, as: UTF8.self) }

  /// Whether this key is `key`.
  func equals(_ key: String) -> Bool {
    if let decoded { return decoded == key }
    var key = key
    return key.withUTF8 { $0.sameBytes(as: text) }
  }

  /// Whether both are the same key.
  func equals(_ other: JSONKey) -> Bool {
    if decoded == nil && other.decoded == nil { return text.sameBytes(as: other.text) }
    return string == other.string
  }

  /// Whether this key sorts before `other`, in `JSONWriter.precedes`
  /// order; for printable ASCII that is the order of the bytes.
  func precedes(_ other: JSONKey) -> Bool {
    if decoded == nil && other.decoded == nil {
      return text.lexicographicallyPrecedes(other.text)
    }
    return JSONWriter.precedes(string, other.string)
  }
}
