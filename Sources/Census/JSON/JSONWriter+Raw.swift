extension JSONWriter {
  /// Appends what `bytes(raw.value)` would give (indented `indent`
  /// levels deep when pretty), read straight from the kept text: no tree
  /// of values is made. Strings of printable ASCII with no escape are
  /// copied as they are, since reading and writing them changes nothing;
  /// other strings are read and written again.
  ///
  /// - Parameter keys: when given and the value is an object, only the
  ///   last member of each of these names is written.
  func write(
    _ raw: RawJSON, into output: inout [UInt8], indent: Int,
    only keys: JSONKeySet? = nil
  ) {
    raw.read { reader throws(JSONParseError) in
      if keys == nil && !sortedKeys,
        appendPlain(reader.bytes, into: &output, indent: indent)
      {
        return
      }
      if appendCanonicalPlain(reader.bytes, into: &output, only: keys) { return }
      reader.skipWhitespace()
      if keys != nil && reader.current == UInt8(ascii: "{") {
        try transcodeObject(&reader, into: &output, indent: indent, only: keys)
      } else {
        try transcode(&reader, into: &output, indent: indent)
      }
    }
  }

  /// Writes `text` in one pass, token by token, when every string in it
  /// is printable ASCII with no escape (nearly every item a server
  /// sends): then `transcode` would copy each token as it is, and only
  /// the white space between tokens changes.
  /// - Returns: false, having appended nothing, for any other text.
  private func appendPlain(
    _ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], indent: Int
  ) -> Bool {
    let start = output.count
    var depth = indent
    var index = 0
    while index < text.count {
      let byte = text[index]
      switch byte {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        // `}` and `]` follow `{` and `[` two places on in ASCII.
        let close = byte + 2
        output.append(byte)
        let next = Self.tokenStart(in: text, from: index + 1)
        if next < text.count && text[next] == close {
          output.append(close)
          index = next
        } else {
          depth += 1
          newline(into: &output, indent: depth)
        }
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        newline(into: &output, indent: depth)
        output.append(byte)
      case UInt8(ascii: ","):
        output.append(byte)
        newline(into: &output, indent: depth)
      case UInt8(ascii: ":"):
        output.append(byte)
        if pretty { output.append(UInt8(ascii: " ")) }
      case UInt8(ascii: "\""):
        let end = text.runEnd(from: index + 1, stoppingAt: .notVerbatim)
        guard end < text.count, text[end] == UInt8(ascii: "\"") else {
          output.removeSubrange(start...)
          return false
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index...end]))
        index = end
      case let space where JSONReader.isWhitespace(space):
        break
      default:
        // A number or a literal, kept as sent.
        let end = JSONReader.scalarEnd(in: text, from: index)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
        index = end - 1
      }
      index += 1
    }
    return true
  }

  /// The offset of the first byte at or after `start` that is not white
  /// space.
  static func tokenStart(
    in text: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Int {
    var index = start
    while index < text.count, JSONReader.isWhitespace(text[index]) { index += 1 }
    return index
  }

  private func transcode(
    _ reader: inout JSONReader, into output: inout [UInt8], indent: Int
  ) throws(JSONParseError) {
    reader.skipWhitespace()
    let start = reader.offset
    switch reader.current {
    case UInt8(ascii: "{"):
      try transcodeObject(&reader, into: &output, indent: indent)
    case UInt8(ascii: "["):
      output.append(UInt8(ascii: "["))
      var count = 0
      try reader.forEachElement(depth: 1) { reader throws(JSONParseError) in
        if count > 0 { output.append(UInt8(ascii: ",")) }
        newline(into: &output, indent: indent + 1)
        try transcode(&reader, into: &output, indent: indent + 1)
        count += 1
      }
      if count > 0 { newline(into: &output, indent: indent) }
      output.append(UInt8(ascii: "]"))
    case UInt8(ascii: "\""):
      // The text was checked when it was kept: a run of plain bytes that
      // ends at a quote is the whole string, copied as it is.
      let end = reader.bytes.runEnd(from: start + 1, stoppingAt: .notVerbatim)
      if end < reader.bytes.count && reader.bytes[end] == UInt8(ascii: "\"") {
        output.append(contentsOf: UnsafeBufferPointer(
          rebasing: reader.bytes[start...end]))
        reader.offset = end + 1
      } else {
        JSONWriter.writeString(try reader.readString(), into: &output)
      }
    default:
      // Numbers and literals: a number is kept as sent.
      try reader.skipValue(depth: 0)
      output.append(contentsOf: UnsafeBufferPointer(
        rebasing: reader.bytes[start..<reader.offset]))
    }
  }

  /// Appends the object at the reader's cursor. With `sortedKeys`, the
  /// members are written in the order sent, each span noted, and the
  /// spans then put in key order: one pass over the text, however deep.
  /// `only`, when given, keeps just the last member of each of those
  /// names (an item's defining members, for its fingerprint).
  private func transcodeObject(
    _ reader: inout JSONReader, into output: inout [UInt8], indent: Int,
    only keys: JSONKeySet? = nil
  ) throws(JSONParseError) {
    // Spans are noted only when members may have to move.
    let noting = sortedKeys || keys != nil
    var members: [(key: JSONKey, span: Range<Int>)] = []
    if noting { members.reserveCapacity(8) }
    var count = 0
    var inOrder = true
    output.append(UInt8(ascii: "{"))
    let first = output.count
    try reader.forEachMember(depth: 1) { reader, key throws(JSONParseError) in
      if let keys {
        guard keys.contains(key) else {
          return reader.skipCheckedValue()
        }
        if let earlier = members.firstIndex(where: { $0.key.equals(key) }) {
          members.remove(at: earlier)
          inOrder = false
        }
      }
      if count > 0 { output.append(UInt8(ascii: ",")) }
      let start = output.count
      newline(into: &output, indent: indent + 1)
      if let decoded = key.decoded {
        JSONWriter.writeString(decoded, into: &output)
      } else {
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: key.text)
        output.append(UInt8(ascii: "\""))
      }
      output.append(UInt8(ascii: ":"))
      if pretty { output.append(UInt8(ascii: " ")) }
      try transcode(&reader, into: &output, indent: indent + 1)
      count += 1
      guard noting else { return }
      if sortedKeys, let last = members.last, key.precedes(last.key) {
        inOrder = false
      }
      members.append((key, start..<output.count))
    }
    if !inOrder {
      if sortedKeys { members.sort { $0.key.precedes($1.key) } }
      Self.rewriteMembers(members.map(\.span), writtenFrom: first, in: &output)
    }
    if count > 0 { newline(into: &output, indent: indent) }
    output.append(UInt8(ascii: "}"))
  }

  /// Writes again, comma-separated in the order of `spans`, the members
  /// of an object written from `first` on: `spans` are where each
  /// member's text lies (without its comma), members left out of them
  /// are dropped. How a transcoded object is put in key order, or rid of
  /// a repeated member, after being written in one pass.
  static func rewriteMembers(
    _ spans: [Range<Int>], writtenFrom first: Int, in output: inout [UInt8]
  ) {
    let written = Array(output[first...])
    output.removeSubrange(first...)
    for (index, span) in spans.enumerated() {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      output.append(contentsOf: written[(span.lowerBound - first)..<(span.upperBound - first)])
    }
  }
}

/// Member names a writer keeps (`write(_:into:indent:only:)`), held as
/// strings and as the UTF-8 that keys standing for themselves are
/// compared with, byte for byte.
struct JSONKeySet: Sendable {
  private let names: [String]
  private let utf8: [[UInt8]]

  init(_ names: [String]) {
    self.names = names
    utf8 = names.map { Array($0.utf8) }
  }

  /// Whether a key whose text stands for itself is one of these.
  func contains(plain key: UnsafeBufferPointer<UInt8>) -> Bool {
    utf8.contains { name in name.withUnsafeBufferPointer { $0.sameBytes(as: key) } }
  }

  func contains(_ key: JSONKey) -> Bool {
    key.decoded == nil ? contains(plain: key.text) : names.contains(where: key.equals)
  }
}
