import Testing
@testable import Census

@Suite struct JSONParserTests {
  @Test func keepsKeyOrderAndNumberLiterals() throws {
    let value = try JSONParser.parse(#"{"b":1.50,"a":[true,null,-2e3],"c":"x"}"#)
    #expect(value.objectValue?.keys == ["b", "a", "c"])
    #expect(value["b"] == .number("1.50"))
    #expect(value["a"] == .array([.bool(true), .null, .number("-2e3")]))
    #expect(JSONWriter().string(value) == #"{"b":1.50,"a":[true,null,-2e3],"c":"x"}"#)
  }

  @Test func decodesEscapesAndSurrogatePairs() throws {
    let value = try JSONParser.parse(#""tab\t quote\" \u00e9 \ud83d\ude00 \/""#)
    #expect(value == .string("tab\t quote\" é 😀 /"))
  }

  @Test func writesControlCharactersEscaped() {
    let text = JSONWriter().string(.string("a\u{1B}[2J\n\"b\\"))
    #expect(text == #""a\u001b[2J\n\"b\\""#)
  }

  @Test func sortedKeysGiveTheCanonicalForm() throws {
    let value = try JSONParser.parse(#"{"z":{"y":1,"b":2},"a":0}"#)
    let canonical = JSONWriter(sortedKeys: true).string(value)
    #expect(canonical == #"{"a":0,"z":{"b":2,"y":1}}"#)
  }

  @Test func prettyPrintsWithTwoSpaces() throws {
    let value = try JSONParser.parse(#"{"a":[1,{}],"b":[]}"#)
    let expected = """
      {
        "a": [
          1,
          {}
        ],
        "b": []
      }
      """
    #expect(JSONWriter(pretty: true).string(value) == expected)
  }

  @Test(arguments: [
    ("{", "expected a string key at byte 1"),
    ("[1,]", "unexpected character ']' at byte 3"),
    ("01", "unexpected text after the JSON value at byte 1"),
    (#"{"a" 1}"#, "expected ':' at byte 5"),
    ("\"a\u{01}\"", "control character in a string at byte 2"),
    ("tru", "unexpected end of input at byte 0"),
    ("1.", "expected a digit at byte 2"),
    (#""\x""#, "invalid escape '\\x' at byte 2"),
    ("{} {}", "unexpected text after the JSON value at byte 3"),
  ])
  func rejectsInvalidText(text: String, message: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    do {
      _ = try JSONParser.parse(text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func refusesNestingDeeperThanTheLimit() {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    #expect((try? JSONParser.parse(fine)) != nil)
  }

  @Test func readsIntegersFromNumberLiterals() {
    #expect(JSONValue.number("42").intValue == 42)
    #expect(JSONValue.number("4.0").intValue == 4)
    #expect(JSONValue.number("4.5").intValue == nil)
    #expect(JSONValue.string("4").intValue == nil)
  }
}
