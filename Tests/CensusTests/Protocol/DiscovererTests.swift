import Testing
@testable import Census

@Suite struct DiscovererTests {
  let discoverer = Discoverer(
    clientVersion: "test", kinds: DiscoveryKind.allCases,
    startupDeadline: .after(.seconds(5)), deadline: .after(.seconds(10)))

  @Test func discoversEveryDeclaredListAndPings() {
    let server = ScriptedServer(respond: Canned.wellBehaved)
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.protocolVersion == "2025-06-18")
    #expect(discovery.serverInfo?["name"] == .string("fake"))
    #expect(discovery.items(.tools).count == 1)
    #expect(discovery.items(.resourceTemplates).count == 1)
    #expect(discovery.items(.prompts).count == 1)
    #expect(discovery.pingLatency != nil && discovery.initializeLatency != nil)
    #expect(discovery.warnings.isEmpty)
    #expect(server.sentMethods == [
      "initialize", "notifications/initialized", "tools/list", "resources/list",
      "resources/templates/list", "prompts/list", "ping",
    ])
  }

  @Test func offersTheLatestRevisionAndNamesItself() {
    let server = ScriptedServer(respond: Canned.wellBehaved)
    _ = discoverer.run(over: server)
    let params = server.sent.first?["params"]
    #expect(params?["protocolVersion"] == .string("2025-11-25"))
    #expect(params?["clientInfo"]?["name"] == .string("mcp-census"))
    #expect(params?["capabilities"] == .object([:]))
  }

  @Test func asksOnlyForDeclaredLists() {
    let server = ScriptedServer { method, id, params in
      method == "initialize"
        ? [Canned.initialize(id: id, capabilities: #"{"tools":{}}"#)]
        : Canned.wellBehaved(method, id, params)
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(!server.sentMethods.contains("resources/list"))
    #expect(!server.sentMethods.contains("prompts/list"))
    #expect(discovery.lists.map(\.kind) == [.tools])
  }

  @Test func recordsTheInitializeAnswerOfAServerThatDeclaresNothing() {
    let server = ScriptedServer { method, id, params in
      method == "initialize"
        ? [Canned.initialize(id: id, capabilities: "null")]
        : Canned.wellBehaved(method, id, params)
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.lists.isEmpty)
    #expect(discovery.serverInfo != nil)
    #expect(discovery.capabilities == .object([:]))
  }

  @Test func answersServerRequestsAndSkipsNotificationsWhileWaiting() {
    let server = ScriptedServer { method, id, params in
      guard method == "initialize" else { return Canned.wellBehaved(method, id, params) }
      return [
        #"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info"}}"#,
        #"{"jsonrpc":"2.0","id":"s1","method":"ping"}"#,
        #"{"jsonrpc":"2.0","id":"s2","method":"roots/list"}"#,
        Canned.initialize(id: id),
      ]
    }
    let (_, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    let replies = server.sent.filter { $0["method"] == nil }
    #expect(replies.count == 2)
    #expect(replies[0]["id"] == .string("s1") && replies[0]["result"] == .object([:]))
    #expect(replies[1]["error"]?["code"] == .number("-32601"))
  }

  @Test func matchesAStringIdAndWarns() {
    let server = ScriptedServer { method, id, params in
      let stringID = JSONValue.string(String(id?.intValue ?? 0))
      return Canned.wellBehaved(method, method == "initialize" ? stringID : id, params)
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.warnings == [
      "answered request 1 with the string id \"1\"; we sent a number",
    ])
  }

  @Test func opensABatch() {
    let server = ScriptedServer { method, id, params in
      guard method == "initialize" else { return Canned.wellBehaved(method, id, params) }
      let notice = #"{"jsonrpc":"2.0","method":"notifications/message"}"#
      return ["[" + notice + "," + Canned.initialize(id: id, version: "2025-03-26") + "]"]
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.protocolVersion == "2025-03-26")
    #expect(discovery.warnings.isEmpty)
  }

  @Test func warnsAboutABatchFromALaterRevision() {
    let server = ScriptedServer { method, id, params in
      let answers = Canned.wellBehaved(method, id, params)
      return method == "tools/list" ? ["[" + answers[0] + "]"] : answers
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    #expect(discovery.warnings
      == ["received a JSON-RPC batch, which only revision 2025-03-26 allows"])
  }

  @Test func followsCursorsUntilTheyEnd() {
    let server = ScriptedServer { method, id, params in
      guard method == "tools/list" else { return Canned.wellBehaved(method, id, params) }
      let page = params?["cursor"]?.stringValue.flatMap { Int($0) } ?? 0
      let next = page < 2 ? #","nextCursor":"\#(page + 1)""# : ""
      return [Canned.result(id: id, #"{"tools":[{"name":"t\#(page)","inputSchema":{}}]\#(next)}"#)]
    }
    let (discovery, _) = discoverer.run(over: server)
    let names = discovery.items(.tools).compactMap { $0.value["name"]?.stringValue }
    #expect(names == ["t0", "t1", "t2"])
    #expect(discovery.lists.first?.pages == 3)
    #expect(discovery.lists.first?.truncated == nil)
  }

  @Test func stopsAtACursorThatRepeats() {
    let server = ScriptedServer { method, id, params in
      guard method == "tools/list" else { return Canned.wellBehaved(method, id, params) }
      let page = #"{"tools":[{"name":"t","inputSchema":{}}],"nextCursor":"same"}"#
      return [Canned.result(id: id, page)]
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.lists.first?.pages == 2)
    #expect(discovery.lists.first?.truncated == "the server repeated the cursor 'same'")
    #expect(discovery.isIncomplete)
  }

  @Test func aDeclaredListThatIsNotFoundMakesTheServerIncomplete() {
    let server = ScriptedServer { method, id, params in
      guard method == "prompts/list" else { return Canned.wellBehaved(method, id, params) }
      return [Canned.error(id: id, code: -32601, "Method not found")]
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.isIncomplete)
    #expect(discovery.lists.last?.error
      == "prompts/list is declared but answered \"method not found\"")
  }

  @Test func keepsMalformedToolsAndWarnsForEach() {
    let server = ScriptedServer { method, id, params in
      guard method == "tools/list" else { return Canned.wellBehaved(method, id, params) }
      let tools = #"[{"name":"a"},{"name":"b","inputSchema":null},7,"#
        + #"{"name":"c","inputSchema":{},"x-new":1}]"#
      return [Canned.result(id: id, #"{"tools":\#(tools)}"#)]
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 4)
    #expect(discovery.items(.tools)[3].value["x-new"] == .number("1"))
    #expect(discovery.warnings == [
      "tool 'a' has no inputSchema",
      "tool 'b' has an inputSchema that is null",
      "tools/list item 2 is a number, not an object",
    ])
  }

  @Test func failsClearlyOnAnUnknownRevision() {
    let server = ScriptedServer { method, id, params in
      method == "initialize"
        ? [Canned.initialize(id: id, version: "2099-01-01")]
        : Canned.wellBehaved(method, id, params)
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure?.kind == .unsupportedProtocolVersion)
    #expect(failure?.message.contains("'2099-01-01'") == true)
    #expect(discovery.protocolVersion == "2099-01-01")
  }

  @Test func skipsTextThatIsNotJSONWithAWarning() {
    let server = ScriptedServer { method, id, params in
      let answers = Canned.wellBehaved(method, id, params)
      return method == "initialize" ? ["{not json"] + answers : answers
    }
    let (discovery, failure) = discoverer.run(over: server)
    #expect(failure == nil)
    #expect(discovery.warnings == [
      "skipped a message that is not valid JSON (expected a string key at byte 1)",
    ])
  }

  @Test func namesTheStepThatTimedOut() {
    let server = ScriptedServer { method, id, params in
      method == "tools/list" ? [] : Canned.wellBehaved(method, id, params)
    }
    let (_, failure) = discoverer.run(over: server)
    #expect(failure?.kind == .timeout)
    #expect(failure?.message == "the attempt timed out waiting for the answer to tools/list")
  }

  @Test func callsANeverAnsweredInitializeAStartupTimeout() {
    let server = ScriptedServer { _, _, _ in [] }
    let (_, failure) = discoverer.run(over: server)
    #expect(failure?.kind == .startupTimeout)
  }
}
