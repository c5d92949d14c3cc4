import Testing

@testable import Census

/// Kept text is written and fingerprinted from the text itself, never
/// through a tree; on random documents the bytes must be exactly those of
/// the value the text holds.
@Suite struct RawJSONWritingTests {
  private static let stringPieces = [
    "plain", " ", "Ab", #"\""#, #"\\"#, #"\/"#, #"\n"#, #"\t"#, #"\u00e9"#,
    #"\ud83d\ude00"#, "\u{E9}", "\u{1F600}", "\u{7F}", #"\u007f"#, #"\u0000"#,
    "<b>", "~/.ssh", "Counts the words in a piece of text, ",
    "d\u{E9}j\u{E0} vu \u{2014} runs longer than one eight-byte word",
  ]
  private static let keys = [
    "a", "b", "name", "description", "inputSchema", "title", "\u{E9}", "k",
    "uri", "_meta", "annotations", #"q\"uote"#,
  ]
  private static let numbers = ["0", "-0", "1.5", "-12e3", "1E+2", "0.000", "7"]
  private static let spaces = ["", "", " ", "\n  ", "\t"]

  private func value(_ random: inout SeededGenerator, depth: Int) -> String {
    let space = random.element(Self.spaces)
    switch random.pick(depth > 3 ? 3 : 6) {
    case 0:
      let pieces = (0..<random.pick(4)).map { _ in random.element(Self.stringPieces) }
      return space + "\"" + pieces.joined() + "\""
    case 1: return space + random.element(Self.numbers)
    case 2: return space + random.element(["true", "false", "null"])
    case 3, 4:
      let members = (0..<random.pick(5)).map { _ in
        "\"\(random.element(Self.keys))\"" + random.element(Self.spaces) + ":"
          + value(&random, depth: depth + 1)
      }
      return space + "{" + members.joined(separator: ",") + space + "}"
    default:
      let elements = (0..<random.pick(4)).map { _ in value(&random, depth: depth + 1) }
      return space + "[" + elements.joined(separator: ",") + space + "]"
    }
  }

  @Test func randomDocumentsWriteAndHashAsTheirValues() throws {
    var random = SeededGenerator()
    for _ in 0..<400 {
      let text = value(&random, depth: 0)
      let message = Array((#"{"result":{"tools":["# + text + "]}}").utf8)
      let kept = try #require(try JSONParser.parse(
        message, keepingElementsAt: ["result", "tools"]).elements?.first, "\(text)")
      let tree = kept.value
      for pretty in [false, true] {
        for sortedKeys in [false, true] {
          let writer = JSONWriter(pretty: pretty, sortedKeys: sortedKeys)
          #expect(writer.bytes(.raw(kept)) == writer.bytes(tree), "\(text)")
        }
      }
      for kind in DiscoveryKind.allCases {
        #expect(Fingerprint.item(kept, kind: kind)
          == Fingerprint.hash(Fingerprint.definition(tree, kind: kind)), "\(text)")
      }
    }
  }

  /// Kept text is stepped over by brackets and quotes alone: on every
  /// random value that must stop where the checking skip stops, and a
  /// member found that way (or noted as the value was kept) must be the
  /// one a tree holds.
  @Test func theCheckedSkipStopsWhereTheCheckingSkipDoes() throws {
    var random = SeededGenerator()
    for _ in 0..<400 {
      let text = value(&random, depth: 0)
      let bytes = Array((text + " ,1]").utf8)
      let (checked, checking) = try bytes.withUnsafeBufferPointer { buffer in
        var fast = JSONReader(bytes: buffer)
        fast.skipCheckedValue()
        var slow = JSONReader(bytes: buffer)
        try slow.skipValue(depth: 0)
        return (fast.offset, slow.offset)
      }
      #expect(checked == checking, "\(text)")

      let message = Array((#"{"result":{"tools":["# + text + "]}}").utf8)
      let path = ["result", "tools"]
      let kept = try #require(
        try JSONParser.parse(message, keepingElementsAt: path).elements?.first)
      let noting = try #require(try JSONParser.parse(
        message, keepingElementsAt: path, noting: "name").elements?.first)
      let tree = kept.value
      for key in Self.keys {
        #expect(kept.member(key)?.value == tree.objectValue?[key], "\(text) \(key)")
        let string = tree.objectValue?[key]?.stringValue
        #expect(kept.string(key) == string, "\(text) \(key)")
        #expect(noting.string(key) == string, "noted: \(text) \(key)")
      }
    }
  }
}
