/// Writes `JSONValue` as JSON text.
public struct JSONWriter: Sendable {
  /// Indent nested values by two spaces, one member per line.
  public var pretty: Bool
  /// Members sorted by key (code-point order): the canonical form hashed
  /// for fingerprints.
  public var sortedKeys: Bool

  public init(pretty: Bool = false, sortedKeys: Bool = false) {
    self.pretty = pretty
    self.sortedKeys = sortedKeys
  }

  /// The value as UTF-8 bytes.
  public func bytes(_ value: JSONValue) -> [UInt8] {
    var output = Output(bytes: [], sink: nil)
    output.bytes.reserveCapacity(256)
    write(value, into: &output, indent: 0)
    return output.bytes
  }

  /// A member of an object written by `streamObject`.
  public enum StreamedMember {
    /// A value known in full.
    case value(JSONValue)
    /// An array of `count` elements, element `index` made by
    /// `make(index)`, `batch` at a time: each batch is made and written
    /// over the cores, and dropped before the next is made.
    case elements(count: Int, batch: Int, make: @Sendable (Int) -> JSONValue)
  }

  /// Writes an object member by member, like `stream(.object(...))` and
  /// byte for byte the same, but without ever holding a whole array of
  /// `.elements`: a report of thousands of servers costs one batch of
  /// them at a time. Members whose value is nil are left out.
  public func streamObject(
    _ members: [(String, StreamedMember?)], chunkSize: Int = 64 * 1024,
    to sink: (UnsafeRawBufferPointer) -> Void
  ) {
    let members = members.compactMap { key, member in member.map { (key, $0) } }
    withoutActuallyEscaping(sink) { sink in
      var output = Output(bytes: [], sink: sink, chunkSize: chunkSize)
      output.bytes.reserveCapacity(chunkSize + 4096)
      guard !members.isEmpty else {
        output.bytes.append(contentsOf: "{}".utf8)
        return output.flush()
      }
      output.bytes.append(UInt8(ascii: "{"))
      for (index, (key, member)) in members.enumerated() {
        if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
        newline(into: &output.bytes, indent: 1)
        JSONWriter.writeString(key, into: &output.bytes)
        output.bytes.append(UInt8(ascii: ":"))
        if pretty { output.bytes.append(UInt8(ascii: " ")) }
        switch member {
        case .value(let value):
          write(value, into: &output, indent: 1)
        case .elements(let count, let batch, let make):
          writeElements(count: count, batch: batch, make: make, into: &output)
        }
        output.flushIfFull()
      }
      newline(into: &output.bytes, indent: 0)
      output.bytes.append(UInt8(ascii: "}"))
      output.flush()
    }
  }

  /// The array of a `.elements` member, at the first level of nesting.
  private func writeElements(
    count: Int, batch: Int, make: @Sendable (Int) -> JSONValue,
    into output: inout Output
  ) {
    guard count > 0 else { return output.bytes.append(contentsOf: "[]".utf8) }
    output.bytes.append(UInt8(ascii: "["))
    let batch = max(batch, 1)
    for start in stride(from: 0, to: count, by: batch) {
      // Each element is made, written and dropped on one core, then its
      // text is copied out in order. One that grows past a chunk is kept
      // as a value and streamed here instead, so a huge element is never
      // held as text.
      let written = Array(start..<min(start + batch, count)).concurrentMap(grain: 4) {
        index -> Written in
        let element = make(index)
        var text = Output(bytes: [], sink: nil, limit: Self.renderLimit)
        self.write(element, into: &text, indent: 2)
        return text.abandoned ? .value(element) : .text(text.bytes)
      }
      for (offset, element) in written.enumerated() {
        if start + offset > 0 { output.bytes.append(UInt8(ascii: ",")) }
        newline(into: &output.bytes, indent: 2)
        switch element {
        case .text(let text): output.bytes.append(contentsOf: text)
        case .value(let value): write(value, into: &output, indent: 2)
        }
        output.flushIfFull()
      }
    }
    newline(into: &output.bytes, indent: 1)
    output.bytes.append(UInt8(ascii: "]"))
  }

  /// An element of a `.elements` member as its worker left it.
  private enum Written: Sendable {
    case text([UInt8])
    /// Too large to hold as text: streamed in place.
    case value(JSONValue)
  }

  /// The value as a string.
  public func string(_ value: JSONValue) -> String {
    String(decoding: bytes(value), as: UTF8.self)
  }

  /// Bytes written so far, handed to `sink` (if any) once past
  /// `chunkSize`: checked between the elements of arrays and objects.
  private struct Output {
    var bytes: [UInt8]
    let sink: ((UnsafeRawBufferPointer) -> Void)?
    var chunkSize = Int.max
    /// Without a sink: past this many bytes the text is dropped and
    /// `abandoned` set, and writing stops at the next element.
    var limit = Int.max
    private(set) var abandoned = false

    init(
      bytes: [UInt8], sink: ((UnsafeRawBufferPointer) -> Void)?,
      chunkSize: Int = .max, limit: Int = .max
    ) {
      self.bytes = bytes
      self.sink = sink
      self.chunkSize = chunkSize
      self.limit = limit
    }

    mutating func flushIfFull() {
      if bytes.count >= chunkSize { flush() }
      if bytes.count > limit {
        abandoned = true
        bytes = []
      }
    }

    mutating func flush() {
      guard let sink else { return }
      bytes.withUnsafeBytes(sink)
      bytes.removeAll(keepingCapacity: true)
    }
  }

  private func write(
    _ value: JSONValue, into output: inout Output, indent: Int
  ) {
    switch value {
    case .null: output.bytes.append(contentsOf: "null".utf8)
    case .bool(let flag):
      output.bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let text): output.bytes.append(contentsOf: text.utf8)
    case .string(let text): JSONWriter.writeString(text, into: &output.bytes)
    case .array(let elements):
      writeArray(elements, into: &output, indent: indent)
    case .object(let object):
      writeObject(object, into: &output, indent: indent)
    case .raw(let raw):
      write(raw, into: &output.bytes, indent: indent)
    }
  }

  private func writeArray(
    _ elements: [JSONValue], into output: inout Output, indent: Int
  ) {
    guard !elements.isEmpty else {
      return output.bytes.append(contentsOf: "[]".utf8)
    }
    output.bytes.append(UInt8(ascii: "["))
    // By index, so that each element is lent to `write`, not copied.
    for index in elements.indices {
      if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
      newline(into: &output.bytes, indent: indent + 1)
      write(elements[index], into: &output, indent: indent + 1)
      output.flushIfFull()
      if output.abandoned { return }
    }
    newline(into: &output.bytes, indent: indent)
    output.bytes.append(UInt8(ascii: "]"))
  }

  private func writeObject(
    _ object: JSONObject, into output: inout Output, indent: Int
  ) {
    guard !object.isEmpty else {
      return output.bytes.append(contentsOf: "{}".utf8)
    }
    var members = object.members
    if sortedKeys { members.sort { Self.precedes($0.key, $1.key) } }
    output.bytes.append(UInt8(ascii: "{"))
    for index in members.indices {
      if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
      newline(into: &output.bytes, indent: indent + 1)
      JSONWriter.writeString(members[index].key, into: &output.bytes)
      output.bytes.append(UInt8(ascii: ":"))
      if pretty { output.bytes.append(UInt8(ascii: " ")) }
      write(members[index].value, into: &output, indent: indent + 1)
      output.flushIfFull()
      if output.abandoned { return }
    }
    newline(into: &output.bytes, indent: indent)
    output.bytes.append(UInt8(ascii: "}"))
  }

  /// Key order for `sortedKeys`: by code point.
  static func precedes(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
  }

  /// A line break and `indent` levels of indentation, when pretty.
  func newline(into output: inout [UInt8], indent: Int) {
    guard pretty else { return }
    output.append(UInt8(ascii: "\n"))
    var spaces = indent * 2
    while spaces > 0 {
      let run = min(spaces, Self.spaces.count)
      output.append(contentsOf: Self.spaces[..<run])
      spaces -= run
    }
  }

  /// Most bytes of one element of a `.elements` member written ahead on
  /// another core; a larger one is streamed in place instead.
  private static let renderLimit = 256 * 1024

  /// Indentation copied in runs rather than appended a space at a time.
  private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

  /// A JSON string literal: quotes, backslashes and control characters
  /// escaped, everything else kept as UTF-8. Runs that need no escape are
  /// copied whole.
  static func writeString(_ text: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    // Native strings lend their UTF-8 without a copy of the string.
    let written: Void? = text.utf8.withContiguousStorageIfAvailable {
      appendEscaped($0, to: &output)
    }
    if written == nil {
      var text = text
      text.withUTF8 { appendEscaped($0, to: &output) }
    }
    output.append(UInt8(ascii: "\""))
  }

  /// A string's text between its quotes, escaped as `writeString` says.
  private static func appendEscaped(
    _ utf8: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]
  ) {
    var start = 0
    while start < utf8.count {
      let end = utf8.runEnd(from: start, stoppingAt: escaped)
      output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
      guard end < utf8.count else { break }
      appendEscape(utf8[end], to: &output)
      start = end + 1
    }
  }

  /// The bytes a string's text must escape.
  private static let escaped: RunStops = [.quote, .backslash, .control, .delete]

  private static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
    switch byte {
    case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
    case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
    case 0x0A: output.append(contentsOf: #"\n"#.utf8)
    case 0x0D: output.append(contentsOf: #"\r"#.utf8)
    case 0x09: output.append(contentsOf: #"\t"#.utf8)
    default:
      let digits: StaticString = "0123456789abcdef"
      output.append(contentsOf: #"\u00"#.utf8)
      output.append(digits.utf8Start[Int(byte >> 4)])
      output.append(digits.utf8Start[Int(byte & 15)])
    }
  }
}
