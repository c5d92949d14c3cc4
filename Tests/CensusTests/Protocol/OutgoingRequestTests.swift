import Testing

@testable import Census

/// Requests are written straight to bytes; they must be exactly the
/// compact JSON of the same object written through a tree.
@Suite struct OutgoingRequestTests {
  @Test(arguments: [
    (1, "initialize", JSONValue.object(["protocolVersion": .string("2025-11-25")])),
    (2, "tools/list", nil),
    (-7, "resources/templates/list", .object(["cursor": .string("p\u{E9}ge \"2\"")])),
    (Int.max, "odd \"method\"\n\u{1}", .array([.null, .bool(true), .number("1.5")])),
  ])
  func aRequestIsTheObjectItNames(id: Int, method: String, params: JSONValue?) throws {
    var members: [(String, JSONValue)] = [
      ("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)),
    ]
    if let params { members.append(("params", params)) }
    let expected = JSONWriter().bytes(.object(JSONObject(members)))

    let written = JSONRPCOutgoing.request(id: id, method: method, params: params)

    #expect(written == expected)
    #expect(try JSONParser.parse(written) == .object(JSONObject(members)))
  }
}
