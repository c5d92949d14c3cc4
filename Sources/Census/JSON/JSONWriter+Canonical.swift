extension JSONWriter {
  /// Appends the canonical form of checked text (no white space, each
  /// object's members in key order) in one pass over its bytes, when the
  /// text is plain: no escape, no byte outside ASCII, no DEL. Then every
  /// string is copied as it stands and keys sort by their bytes, which
  /// is what `transcode` would do token by token; fingerprints take this
  /// road for nearly every item.
  /// - Parameter keys: as for `write(_:into:indent:only:)`.
  /// - Returns: false, having appended nothing, for any other text.
  func appendCanonicalPlain(
    _ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8],
    only keys: JSONKeySet?
  ) -> Bool {
    guard sortedKeys, !pretty,
      text.runEnd(from: 0, stoppingAt: [.backslash, .delete, .nonASCII]) == text.count
    else { return false }
    var index = Self.tokenStart(in: text, from: 0)
    guard index < text.count else { return false }
    canonicalValue(text, at: &index, into: &output, only: keys)
    return true
  }

  /// The value at `index`; `index` ends just past it.
  private func canonicalValue(
    _ text: UnsafeBufferPointer<UInt8>, at index: inout Int,
    into output: inout [UInt8], only keys: JSONKeySet? = nil
  ) {
    switch text[index] {
    case UInt8(ascii: "{"):
      canonicalObject(text, at: &index, into: &output, only: keys)
    case UInt8(ascii: "["):
      output.append(UInt8(ascii: "["))
      index = Self.tokenStart(in: text, from: index + 1)
      if text[index] == UInt8(ascii: "]") {
        output.append(UInt8(ascii: "]"))
        return index += 1
      }
      while true {
        canonicalValue(text, at: &index, into: &output)
        index = Self.tokenStart(in: text, from: index)
        // `,` or the closing `]`, copied as it is.
        let separator = text[index]
        output.append(separator)
        index = Self.tokenStart(in: text, from: index + 1)
        if separator == UInt8(ascii: "]") { return }
      }
    case UInt8(ascii: "\""):
      let end = text.runEnd(from: index + 1, stoppingAt: .quote)
      output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index...end]))
      index = end + 1
    default:
      let end = JSONReader.scalarEnd(in: text, from: index)
      output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
      index = end
    }
  }

  /// The object at `index`: members written as they come, their spans
  /// noted, and put in key order afterwards only if they were not in it.
  /// With `keys`, only the last member of each of those names is kept.
  private func canonicalObject(
    _ text: UnsafeBufferPointer<UInt8>, at index: inout Int,
    into output: inout [UInt8], only keys: JSONKeySet?
  ) {
    output.append(UInt8(ascii: "{"))
    let first = output.count
    var members: [(key: Range<Int>, span: Range<Int>)] = []
    members.reserveCapacity(8)
    var inOrder = true
    index = Self.tokenStart(in: text, from: index + 1)
    while text[index] != UInt8(ascii: "}") {
      let keyEnd = text.runEnd(from: index + 1, stoppingAt: .quote)
      let key = (index + 1)..<keyEnd
      let literal = index...keyEnd
      index = Self.tokenStart(in: text, from: keyEnd + 1)
      index = Self.tokenStart(in: text, from: index + 1)
      let name = UnsafeBufferPointer(rebasing: text[key])
      if let keys, !keys.contains(plain: name) {
        var reader = JSONReader(bytes: text)
        reader.offset = index
        reader.skipCheckedValue()
        index = reader.offset
      } else {
        if keys != nil, let earlier = members.firstIndex(where: {
          UnsafeBufferPointer(rebasing: text[$0.key]).sameBytes(as: name)
        }) {
          members.remove(at: earlier)
          inOrder = false
        }
        if output.count > first { output.append(UInt8(ascii: ",")) }
        let start = output.count
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[literal]))
        output.append(UInt8(ascii: ":"))
        canonicalValue(text, at: &index, into: &output)
        if let last = members.last, !text[last.key].lexicographicallyPrecedes(text[key]) {
          inOrder = false
        }
        members.append((key, start..<output.count))
      }
      index = Self.tokenStart(in: text, from: index)
      if text[index] == UInt8(ascii: ",") {
        index = Self.tokenStart(in: text, from: index + 1)
      }
    }
    index += 1
    if !inOrder {
      members.sort { text[$0.key].lexicographicallyPrecedes(text[$1.key]) }
      Self.rewriteMembers(members.map(\.span), writtenFrom: first, in: &output)
    }
    output.append(UInt8(ascii: "}"))
  }
}
