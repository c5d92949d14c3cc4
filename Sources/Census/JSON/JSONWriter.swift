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
    var output: [UInt8] = []
    output.reserveCapacity(256)
    write(value, into: &output, indent: 0)
    return output
  }

  /// The value as a string.
  public func string(_ value: JSONValue) -> String {
    String(decoding: bytes(value), as: UTF8.self)
  }

  func write(_ value: JSONValue, into output: inout [UInt8], indent: Int) {
    switch value {
    case .null: output.append(contentsOf: "null".utf8)
    case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let text): output.append(contentsOf: text.utf8)
    case .string(let text): JSONWriter.writeString(text, into: &output)
    case .array(let elements):
      writeArray(elements, into: &output, indent: indent)
    case .object(let object):
      writeObject(object, into: &output, indent: indent)
    }
  }

  private func writeArray(
    _ elements: [JSONValue], into output: inout [UInt8], indent: Int
  ) {
    guard !elements.isEmpty else { return output.append(contentsOf: "[]".utf8) }
    output.append(UInt8(ascii: "["))
    for (index, element) in elements.enumerated() {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      newline(into: &output, indent: indent + 1)
      write(element, into: &output, indent: indent + 1)
    }
    newline(into: &output, indent: indent)
    output.append(UInt8(ascii: "]"))
  }

  private func writeObject(
    _ object: JSONObject, into output: inout [UInt8], indent: Int
  ) {
    guard !object.isEmpty else { return output.append(contentsOf: "{}".utf8) }
    var members = object.members
    if sortedKeys {
      members.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }
    output.append(UInt8(ascii: "{"))
    for (index, member) in members.enumerated() {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      newline(into: &output, indent: indent + 1)
      JSONWriter.writeString(member.key, into: &output)
      output.append(UInt8(ascii: ":"))
      if pretty { output.append(UInt8(ascii: " ")) }
      write(member.value, into: &output, indent: indent + 1)
    }
    newline(into: &output, indent: indent)
    output.append(UInt8(ascii: "}"))
  }

  private func newline(into output: inout [UInt8], indent: Int) {
    guard pretty else { return }
    output.append(UInt8(ascii: "\n"))
    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
  }

  /// A JSON string literal: quotes, backslashes and control characters
  /// escaped, everything else kept as UTF-8.
  static func writeString(_ text: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
      case 0x0A: output.append(contentsOf: #"\n"#.utf8)
      case 0x0D: output.append(contentsOf: #"\r"#.utf8)
      case 0x09: output.append(contentsOf: #"\t"#.utf8)
      case 0..<0x20, 0x7F:
        let digits = Array("0123456789abcdef".utf8)
        output.append(contentsOf: #"\u00"#.utf8)
        output.append(digits[Int(byte >> 4)])
        output.append(digits[Int(byte & 15)])
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}
