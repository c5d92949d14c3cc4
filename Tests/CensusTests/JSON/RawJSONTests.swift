import Testing
@testable import Census

/// Items kept as text: the parse that leaves a list unread, and reading
/// the text back.
@Suite struct RawJSONTests {
  let path = ["result", "tools"]

  func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test func keptElementsReadBackAsAPlainParseWouldGiveThem() throws {
    let text = #"{"id":3,"result":{"nextCursor":"c","tools":[ {"name":"a"},"#
      + #" [1, 2.5e3], "x\u00e9\n", null,{"nested":{"tools":[true]}} ],"n":1}}"#
    let plain = try JSONParser.parse(text)
    let (value, elements) = try JSONParser.parse(bytes(text), keepingElementsAt: path)
    let kept = try #require(elements)
    #expect(kept.map(\.value) == plain["result"]?["tools"]?.arrayValue)
    #expect(value["result"]?["tools"] == .array([]))
    #expect(value["result"]?["nextCursor"] == .string("c"))
    #expect(value["result"]?["n"] == .number("1"))
    #expect(value["id"] == .number("3"))
  }

  @Test func theLastOfARepeatedKeyIsTheOneKept() throws {
    let text = #"{"result":{"tools":[1],"tools":[2,3]}}"#
    let (_, elements) = try JSONParser.parse(bytes(text), keepingElementsAt: path)
    #expect(elements?.map(\.value) == [.number("2"), .number("3")])
  }

  @Test(arguments: [
    #"{"result":{"tools":[{"a":"\q"}]}}"#,
    "{\"result\":{\"tools\":[{\"a\":\"tab\there\"}]}}",
    #"{"result":{"tools":[01]}}"#,
    #"{"result":{"tools":[1.]}}"#,
    #"{"result":{"tools":[{"a" 1}]}}"#,
    #"{"result":{"tools":[{"a":1,}]}}"#,
    #"{"result":{"tools":[tru]}}"#,
    #"{"result":{"tools":["\u12G4"]}}"#,
    #"{"result":{"tools":["open]}}"#,
    #"{"result":{"tools":[1 2]}}"#,
    #"{"result":{"tools":[]}} x"#,
  ])
  func aBadElementFailsAsAPlainParseDoes(_ text: String) {
    let plain = #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    let kept = #expect(throws: JSONParseError.self) {
      try JSONParser.parse(bytes(text), keepingElementsAt: path)
    }
    #expect(kept == plain)
  }

  @Test func nestingIsLimitedInsideKeptElements() {
    let deep = String(repeating: "[", count: JSONParser.maximumDepth)
      + String(repeating: "]", count: JSONParser.maximumDepth)
    let text = #"{"result":{"tools":["# + deep + "]}}"
    #expect(throws: JSONParseError.self) {
      try JSONParser.parse(bytes(text), keepingElementsAt: path)
    }
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
  }

  @Test(arguments: [
    #"{"result":{"tools":"none"}}"#,
    #"{"result":[{"tools":[1]}]}"#,
    #"{"result":{"other":[1]}}"#,
    #"[{"result":{"tools":[1]}}]"#,
    #""just a string""#,
  ])
  func withoutTheArrayTheValueIsAPlainParse(_ text: String) throws {
    let (value, elements) = try JSONParser.parse(bytes(text), keepingElementsAt: path)
    #expect(elements == nil)
    #expect(value == (try JSONParser.parse(text)))
  }

  @Test func anEmptyPathIsAPlainParse() throws {
    let (value, elements) = try JSONParser.parse(bytes("[1,2]"), keepingElementsAt: [])
    #expect(elements == nil)
    #expect(value == .array([.number("1"), .number("2")]))
  }

  @Test func aSmallListInALargeMessageIsCopiedOut() throws {
    let padding = String(repeating: "x", count: 10_000)
    let text = #"{"result":{"_meta":""# + padding + #"","tools":[{"name":"a"}]}}"#
    let (_, elements) = try JSONParser.parse(bytes(text), keepingElementsAt: path)
    let kept = try #require(elements?.first)
    #expect(kept.string("name") == "a")
    #expect(kept.byteCount == #"{"name":"a"}"#.utf8.count)
    let (_, noted) = try JSONParser.parse(
      bytes(text), keepingElementsAt: path, noting: "name")
    #expect(noted?.first?.string("name") == "a")
  }

  /// Items are held by the hundred thousand, and every `JSONValue` is as
  /// large as its largest case, this one: noting a member costs neither
  /// a byte.
  @Test func aKeptValueIsNoLargerThanARangeAndAReference() {
    #expect(MemoryLayout<RawJSON>.size
      == MemoryLayout<Range<Int>>.size + MemoryLayout<AnyObject>.size)
  }

  /// A member noted as the list was kept reads as a search would find
  /// it: the last of its name, and only when it is a string.
  @Test func aNotedMemberReadsAsASearchFindsIt() throws {
    let text = #"{"result":{"tools":[{"name":"a","x":{"name":"in"},"na\u006De":"b\n"},"#
      + #"{"name":"a","name":7},{"title":"t"},"s",{"name":"c"}]}}"#
    let (_, elements) = try JSONParser.parse(
      bytes(text), keepingElementsAt: path, noting: "name")
    let kept = try #require(elements)
    #expect(kept.map { $0.string("name") } == ["b\n", nil, nil, nil, "c"])
    #expect(kept[0].member("x")?.string("name") == "in")
    #expect(kept[4].string("title") == nil)
  }

  @Test func membersAreFoundWithoutReadingTheRest() {
    let raw = RawJSON(SampleReports.parse(
      #"{"name":"first","schema":{"name":"inner"},"na\u006De":"last"}"#))
    #expect(raw.string("name") == "last")
    #expect(raw.member("schema")?.value == SampleReports.parse(#"{"name":"inner"}"#))
    #expect(raw.member("missing") == nil)
    #expect(raw.string("schema") == nil)
    #expect(RawJSON(.array([.string("name")])).member("name") == nil)
  }

  @Test(arguments: [
    ("{}", "an object", true), ("[]", "an array", false),
    (#""s""#, "a string", false), ("false", "a boolean", false),
    ("null", "null", false), ("-1", "a number", false),
  ])
  func theTypeIsKnownFromTheText(_ text: String, _ type: String, _ object: Bool) {
    let raw = RawJSON(SampleReports.parse(text))
    #expect(raw.typeDescription == type)
    #expect(raw.isObject == object)
    #expect(raw.typeDescription == raw.value.typeDescription)
  }

  @Test func aRawValueReadsAndWritesAsTheValueItHolds() throws {
    let tool = SampleReports.parse(#"{"name":"t","n":[1,{"a":null}]}"#)
    let raw = JSONValue.raw(RawJSON(tool))
    #expect(raw == tool)
    #expect(tool == raw)
    #expect(raw["name"]?.stringValue == "t")
    #expect(raw["n"]?[1]?["a"]?.isNull == true)
    #expect(raw.typeDescription == "an object")
    #expect(JSONWriter(pretty: true).string(.array([raw]))
      == JSONWriter(pretty: true).string(.array([tool])))
    #expect(raw != .raw(RawJSON(.object([:]))))
  }

  /// False only for text that is ASCII with no `\u` escape, whatever
  /// other escapes (an escaped backslash before a `u`, say) it holds.
  @Test(arguments: [
    (#"{"d":"plain \"quoted\" \\u0041 \n"}"#, false),
    (#"{"d":"zero\u200bwidth"}"#, true),
    (#"{"d\u0041":1}"#, true),
    ("{\"d\":\"caf\u{E9}\"}", true),
  ])
  func mayHoldNonASCIIIsFalseOnlyForPlainASCII(text: String, expected: Bool) throws {
    let message = bytes(#"{"result":{"tools":["# + text + "]}}")
    let kept = try #require(
      try JSONParser.parse(message, keepingElementsAt: path).elements?.first)
    #expect(kept.mayHoldNonASCII == expected)
  }

  /// Kept text is written and fingerprinted from the text itself; the
  /// bytes must be those of its value, in every form the writer has.
  @Test(arguments: [
    #"{"name":"t","description":"plain","inputSchema":{"type":"object"}}"#,
    #" { "b" : [ 1 , -0.5e+3, 10E2 , true,false,null ] , "a" : { } , "c":[] } "#,
    #"{"name":"t\u00e9\n\"q\" \\ \/ \u0007 \ud83d\ude00","x":"\u007f"}"#,
    "{\"name\":\"caf\u{E9} \u{1F600} \u{7F}\",\"\u{E9}\":1,\"z\":2,\"e\":3}",
    #"{"name":"dup","k":1,"k":{"z":[{"y":1,"x":2}],"a":"b"},"title":"T"}"#,
    #"{"uri":"file:///a","annotations":{"priority":0.5},"size":12,"_meta":{}}"#,
    #"[{"b":1,"a":2},"x",3]"#,
    #"{"title":"x","name":"n","description":"first","inputSchema":{"z":1,"#
      + #""a":{"y":2,"b":3}},"description":"second","_meta":{"q":1}}"#,
    #""just a string""#,
  ])
  func keptTextIsWrittenAsItsValueIs(text: String) throws {
    let message = bytes(#"{"result":{"tools":["# + text + "]}}")
    let kept = try #require(
      try JSONParser.parse(message, keepingElementsAt: path).elements?.first)
    let value = kept.value
    for pretty in [false, true] {
      for sortedKeys in [false, true] {
        let writer = JSONWriter(pretty: pretty, sortedKeys: sortedKeys)
        #expect(writer.bytes(.raw(kept)) == writer.bytes(value),
          "pretty \(pretty), sorted \(sortedKeys)")
        #expect(writer.bytes(.array([.raw(kept)])) == writer.bytes(.array([value])))
      }
    }
    for kind in DiscoveryKind.allCases {
      #expect(Fingerprint.item(kept, kind: kind)
        == Fingerprint.hash(Fingerprint.definition(value, kind: kind)))
    }
  }

  @Test func redactionRewritesOnlyTextThatHoldsASecret() {
    let redactor = Redactor(secrets: ["s3cret-token-value"])
    let leaky = RawJSON(.object(["description": .string("use s3cret-token-value")]))
    let clean = RawJSON(.object(["description": .string("nothing here")]))
    #expect(redactor.redactData(leaky).string("description") == "use [redacted]")
    #expect(redactor.redactData(clean) == clean)
  }
}
