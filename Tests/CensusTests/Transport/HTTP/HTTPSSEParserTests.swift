import Testing

@testable import Census

@Suite struct HTTPSSEParserTests {
  /// Every feature at once: BOM, comment, each line ending, multi-line
  /// data, a space kept after the first, event/id/retry, unknown fields,
  /// an event without data, an unfinished event at the end.
  static let sample: [UInt8] =
    [0xEF, 0xBB, 0xBF]
    + Array((": hello\r\n"
      + "data: one\r\n\r\n"
      + "event: endpoint\rdata: /messages?id=1\r\r"
      + "id: 7\nretry: 1500\ndata:first\ndata:  second\nfoo: bar\n\n"
      + "id: 8\ndata\n\n"
      + "id: p9\n\n"
      + "event: message\r\ndata: {\"a\":1}\r\n\r\n"
      + "data: never dispatched\n").utf8)

  static let expected = [
    SSEEvent(data: bytes("one")),
    SSEEvent(type: "endpoint", data: bytes("/messages?id=1")),
    SSEEvent(data: bytes("first\n second"), lastEventID: "7"),
    SSEEvent(data: [], lastEventID: "8"),
    SSEEvent(data: bytes(#"{"a":1}"#), lastEventID: "p9"),
  ]

  private func parse(_ chunks: [ArraySlice<UInt8>]) throws -> [SSEEvent] {
    var parser = SSEParser(maxMessage: 1024)
    var events: [SSEEvent] = []
    for chunk in chunks { events += try parser.feed(chunk) }
    #expect(parser.isInsideEvent)
    #expect(parser.retry == 1500)
    #expect(parser.lastEventID == "p9")
    return events
  }

  @Test func parsesTheSampleInOneRead() throws {
    #expect(try parse([Self.sample[...]]) == Self.expected)
  }

  @Test func parsesTheSampleSplitAtEveryByte() throws {
    let sample = Self.sample
    for split in 0...sample.count {
      let events = try parse([sample[..<split], sample[split...]])
      #expect(events == Self.expected, "split at byte \(split)")
    }
  }

  @Test func parsesTheSampleOneByteAtATime() throws {
    let chunks = Self.sample.indices.map { Self.sample[$0...$0] }
    #expect(try parse(chunks) == Self.expected)
  }

  @Test func aCarriageReturnEndingAChunkAndALineFeedStartingTheNextAreOne()
    throws
  {
    var parser = SSEParser(maxMessage: 100)
    #expect(try parser.feed(bytes("data: a\r")).isEmpty)
    #expect(try parser.feed(bytes("\ndata: b\r")).isEmpty)
    #expect(try parser.feed(bytes("\n\r\n")) == [SSEEvent(data: bytes("a\nb"))])
  }

  @Test func keepsABOMThatIsNotAtTheStart() throws {
    var parser = SSEParser(maxMessage: 100)
    let stream = bytes("data: x") + [0xEF, 0xBB, 0xBF] + bytes("\n\n")
    let events = try parser.feed(stream)
    #expect(events.map(\.data) == [bytes("x") + [0xEF, 0xBB, 0xBF]])
  }

  @Test func aPartialBOMIsData() throws {
    var parser = SSEParser(maxMessage: 100)
    let events = try parser.feed([0xEF, 0xBB] + bytes("data: y\n\n"))
    #expect(events.isEmpty)
    #expect(try parser.feed(bytes("data: z\n\n")) == [SSEEvent(data: bytes("z"))])
  }

  @Test func ignoresAnIdWithANulAndARetryThatIsNotDigits() throws {
    var parser = SSEParser(maxMessage: 100)
    _ = try parser.feed(bytes("id: a\u{0}b\nretry: 1s\ndata: x\n\n"))
    #expect(parser.lastEventID == "")
    #expect(parser.retry == nil)
  }

  @Test func failsOnAnEventLargerThanMaxMessage() {
    var parser = SSEParser(maxMessage: 16)
    let error = failure {
      try parser.feed(bytes("data: 0123456789\ndata: 0123456789\n"))
    }
    #expect(error?.kind == .messageTooLarge)
    #expect(error?.message == "the server sent an event of more than "
      + "16 bytes (max_message); raise max_message if it is meant to be "
      + "this big")
  }

  @Test func aLongLineWithoutAnEndFailsToo() {
    var parser = SSEParser(maxMessage: 1024)
    let error = failure {
      try parser.feed([UInt8](repeating: UInt8(ascii: "x"), count: 2000))
    }
    #expect(error?.kind == .messageTooLarge)
  }
}

@Suite struct HTTPAuthChallengeTests {
  @Test func readsSchemeRealmMetadataAndScope() throws {
    let header = #"Bearer realm="x", error="invalid_token", "#
      + #"resource_metadata="http://h/.well-known/oauth-protected-resource", "#
      + #"scope="files:read files:write""#
    let challenge = try #require(AuthChallenge(header: header))
    #expect(challenge.scheme == "Bearer")
    #expect(challenge.realm == "x")
    #expect(challenge.scope == "files:read files:write")
    #expect(challenge.error == "invalid_token")
    #expect(challenge.summary == #"Bearer realm="x", "#
      + #"resource_metadata="http://h/.well-known/oauth-protected-resource", "#
      + #"scope="files:read files:write", error="invalid_token""#)
  }

  @Test func readsTokensEscapesAndABareScheme() throws {
    let challenge = try #require(
      AuthChallenge(header: #"Basic realm=api, charset="UTF\"8""#))
    #expect(challenge.realm == "api")
    #expect(AuthChallenge(header: "Negotiate")?.summary == "Negotiate")
    #expect(AuthChallenge(header: "  ") == nil)
  }

  @Test func theReportLiftsTheChallengeOutOfTheMessage() {
    let error = TransportError(
      .authRequired, "refused" + AuthChallenge.marker + #"Bearer realm="x""#)
    #expect(FailureRecord(error).challenge == #"Bearer realm="x""#)
    #expect(FailureRecord(TransportError(.authRequired, "no")).challenge == nil)
  }
}
