extension JSONParser {
  /// Parses a message but leaves unread the elements of the array at
  /// `path` (member keys from the top object down, as `["result",
  /// "tools"]`). They are checked against the grammar and come back as
  /// `RawJSON` over the message's own bytes; the value holds an empty
  /// array in their place.
  /// - Parameter key: a member each element notes where it lies, for
  ///   `RawJSON.string` to find without a search.
  /// - Returns: the value, and the elements when `path` led to an array
  ///   (never when `path` is empty: that is a plain `parse`).
  public static func parse(
    _ message: [UInt8], keepingElementsAt path: [String], noting key: String? = nil
  ) throws(JSONParseError) -> (value: JSONValue, elements: [RawJSON]?) {
    guard !path.isEmpty else { return (try parse(message), nil) }
    let storage = RawJSON.Storage(message, notedKey: key)
    var kept: [KeptElement]?
    let result = storage.bytes.withUnsafeBufferPointer {
      buffer -> Result<JSONValue, JSONParseError> in
      var reader = JSONReader(bytes: buffer)
      return reader.readDocument { reader throws(JSONParseError) in
        try reader.readValue(depth: 0, keeping: path[...], noting: key, elements: &kept)
      }
    }
    let value = try result.get()
    return (value, kept.map { elements($0, of: storage) })
  }

  /// The elements over the message, or over text of their own when they
  /// fill less than half of it: a short list must not keep a large
  /// envelope (or a large buffer's spare room) alive.
  private static func elements(
    _ kept: [KeptElement], of storage: RawJSON.Storage
  ) -> [RawJSON] {
    let total = kept.reduce(0) { $0 + $1.range.count }
    guard total * 2 < storage.bytes.capacity else {
      return kept.map { RawJSON(element: $0.range, of: storage, noted: $0.noted) }
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(total)
    let moved = kept.map { element in
      let start = bytes.count
      bytes.append(contentsOf: storage.bytes[element.range])
      let shift = start - element.range.lowerBound
      return KeptElement(
        range: start..<bytes.count,
        noted: element.noted.map { ($0.lowerBound + shift)..<($0.upperBound + shift) })
    }
    let own = RawJSON.Storage(bytes, notedKey: storage.notedKey)
    return moved.map { RawJSON(element: $0.range, of: own, noted: $0.noted) }
  }
}

/// An element of a list kept as text: where it lies, and where the string
/// literal of its noted member lies, when it has one.
struct KeptElement {
  var range: Range<Int>
  var noted: Range<Int>?
}

extension JSONReader {
  /// Reads the value at the cursor; the array that `path` leads to is
  /// skipped over, its elements stored in `elements`, each with the last
  /// member named `noting` when that is a string (found as the element is
  /// checked, not by a second pass).
  mutating func readValue(
    depth: Int, keeping path: ArraySlice<String>, noting: String?,
    elements: inout [KeptElement]?
  ) throws(JSONParseError) -> JSONValue {
    skipWhitespace()
    guard let key = path.first else {
      guard current == UInt8(ascii: "[") else { return try readValue(depth: depth) }
      var kept: [KeptElement] = []
      try forEachElement(depth: depth + 1) { reader throws(JSONParseError) in
        kept.append(try reader.skipElement(depth: depth + 1, noting: noting))
      }
      elements = kept
      return .array([])
    }
    guard current == UInt8(ascii: "{") else { return try readValue(depth: depth) }
    var members: [(String, JSONValue)] = []
    try forEachMember(depth: depth + 1) { reader, name throws(JSONParseError) in
      let value = name.equals(key)
        ? try reader.readValue(
          depth: depth + 1, keeping: path.dropFirst(), noting: noting,
          elements: &elements)
        : try reader.readValue(depth: depth + 1)
      members.append((name.string, value))
    }
    return .object(JSONObject(members))
  }

  /// Checks the element at the cursor and steps past it, noting its last
  /// member named `key` when the element is an object.
  private mutating func skipElement(
    depth: Int, noting key: String?
  ) throws(JSONParseError) -> KeptElement {
    skipWhitespace()
    let start = offset
    guard let key, current == UInt8(ascii: "{") else {
      try skipValue(depth: depth)
      return KeptElement(range: start..<offset)
    }
    var noted: Range<Int>?
    try forEachMember(depth: depth + 1) { reader, name throws(JSONParseError) in
      let value = try reader.skipValueRange(depth: depth + 1)
      if name.equals(key) {
        noted = reader.bytes[value.lowerBound] == UInt8(ascii: "\"") ? value : nil
      }
    }
    return KeptElement(range: start..<offset, noted: noted)
  }

  /// The range of the last member named `key` of the object at the
  /// cursor, in checked text (see `skipCheckedValue`): the other members
  /// are stepped over rather than read.
  mutating func memberRange(_ key: String) throws(JSONParseError) -> Range<Int>? {
    skipWhitespace()
    var found: Range<Int>?
    try forEachMember(depth: 1) { reader, name throws(JSONParseError) in
      reader.skipWhitespace()
      let start = reader.offset
      reader.skipCheckedValue()
      if name.equals(key) { found = start..<reader.offset }
    }
    return found
  }

  /// Steps past the value at the cursor in text that was checked against
  /// the grammar when it was kept (`RawJSON`). Only quotes, backslashes
  /// and brackets are looked at, which makes this several times cheaper
  /// than `skipValue`; over unchecked text, where it stops means nothing.
  mutating func skipCheckedValue() {
    skipWhitespace()
    var depth = 0
    repeat {
      guard offset < bytes.count else { return }
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        offset = checkedStringEnd(from: offset + 1)
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        depth += 1
        offset += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        offset += 1
      default:
        // A number or a literal: alone, it ends at the first byte that
        // cannot be part of it; inside brackets, nothing here matters.
        if depth == 0 { return offset = Self.scalarEnd(in: bytes, from: offset) }
        offset += 1
      }
    } while depth > 0
  }

  /// The offset just past the closing quote of the checked string whose
  /// text starts at `start`.
  private func checkedStringEnd(from start: Int) -> Int {
    var index = start
    while true {
      index = bytes.runEnd(from: index, stoppingAt: [.quote, .backslash])
      guard index < bytes.count else { return index }
      if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
      // A backslash and the byte it escapes; the rest of a `\u` escape
      // is hex digits.
      index += 2
    }
  }

  /// Checks the value at the cursor and steps past it.
  /// - Returns: where the value's text lies, white space excluded.
  mutating func skipValueRange(depth: Int) throws(JSONParseError) -> Range<Int> {
    skipWhitespace()
    let start = offset
    try skipValue(depth: depth)
    return start..<offset
  }

  /// Checks the value at the cursor against the grammar, as `readValue`
  /// would, and steps past it without making anything.
  mutating func skipValue(depth: Int) throws(JSONParseError) {
    skipWhitespace()
    guard let byte = current else { throw error("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "{"):
      try forEachMember(depth: depth + 1, decodingKeys: false) {
        reader, _ throws(JSONParseError) in try reader.skipValue(depth: depth + 1)
      }
    case UInt8(ascii: "["):
      try forEachElement(depth: depth + 1) { reader throws(JSONParseError) in
        try reader.skipValue(depth: depth + 1)
      }
    case UInt8(ascii: "\""): try skipString()
    case UInt8(ascii: "t"): try expect("true")
    case UInt8(ascii: "f"): try expect("false")
    case UInt8(ascii: "n"): try expect("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      try skipNumber()
    default:
      throw error("unexpected character '\(printable(byte))'")
    }
  }

  /// Checks a string, escapes included, and steps past it.
  mutating func skipString() throws(JSONParseError) {
    offset += 1
    while true {
      offset = plainRunEnd(from: offset)
      guard offset < bytes.count else { throw error("unterminated string") }
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        offset += 1
        return
      case UInt8(ascii: "\\"):
        offset += 1
        try skipEscape()
      default:
        throw error("control character in a string")
      }
    }
  }

  private mutating func skipEscape() throws(JSONParseError) {
    guard let byte = current else { throw error("unterminated string") }
    offset += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"),
      UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
      UInt8(ascii: "r"), UInt8(ascii: "t"):
      return
    case UInt8(ascii: "u"):
      _ = try readHex4()
    default:
      offset -= 1
      throw error("invalid escape '\\\(printable(byte))'")
    }
  }

  /// Where the number or literal at `start` ends: at the first byte of
  /// punctuation or white space.
  static func scalarEnd(
    in text: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Int {
    var index = start
    while index < text.count {
      switch text[index] {
      case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"),
        UInt8(ascii: ":"), UInt8(ascii: "\""):
        return index
      case let byte where JSONReader.isWhitespace(byte):
        return index
      default:
        index += 1
      }
    }
    return index
  }
}
