import Testing

@testable import Census

@Suite struct FingerprintTests {
  let tool = SampleReports.parse("""
    {"name": "read", "title": "Read", "description": "Reads a file.",
     "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}},
     "outputSchema": {"type": "object"},
     "annotations": {"readOnlyHint": true}}
    """)

  @Test func keyOrderDoesNotMatter() {
    let reordered = SampleReports.parse("""
      {"annotations": {"readOnlyHint": true},
       "outputSchema": {"type": "object"},
       "inputSchema": {"properties": {"path": {"type": "string"}}, "type": "object"},
       "description": "Reads a file.", "title": "Read", "name": "read"}
      """)
    #expect(Fingerprint.item(RawJSON(tool), kind: .tools)
      == Fingerprint.item(RawJSON(reordered), kind: .tools))
  }

  @Test func everyDefiningFieldChangesIt() {
    let original = Fingerprint.item(RawJSON(tool), kind: .tools)
    let changes: [(String, JSONValue)] = [
      ("name", .string("read2")), ("title", .string("Read it")),
      ("description", .string("Reads a file!")),
      ("inputSchema", SampleReports.parse(#"{"type": "object"}"#)),
      ("outputSchema", SampleReports.parse(#"{"type": "string"}"#)),
      ("annotations", SampleReports.parse(#"{"readOnlyHint": false}"#)),
    ]
    for (key, value) in changes {
      var object = tool.objectValue!
      object[key] = value
      #expect(Fingerprint.item(RawJSON(.object(object)), kind: .tools) != original, "\(key)")
    }
  }

  @Test func metaAndUnknownMembersDoNotCount() {
    var object = tool.objectValue!
    object["_meta"] = .object(["run": .integer(42)])
    #expect(Fingerprint.item(RawJSON(.object(object)), kind: .tools)
      == Fingerprint.item(RawJSON(tool), kind: .tools))
  }

  @Test func theHashIsOverCanonicalJSON() {
    let value = SampleReports.parse(#"{"b": 1, "a": [true, null]}"#)
    #expect(Fingerprint.hash(value)
      == SHA256.hex(#"{"a":[true,null],"b":1}"#.utf8))
  }

  @Test func theServerFingerprintFollowsItemsAndServerInfo() throws {
    let server = SampleReports.clock()
    let original = try #require(Fingerprint.server(server))
    var reordered = server
    reordered.discovery.lists[0].items.reverse()
    #expect(Fingerprint.server(reordered) == original)
    var upgraded = server
    upgraded.discovery.serverInfo = SampleReports.parse(
      #"{"name": "mcp-time", "version": "1.5.0"}"#)
    #expect(Fingerprint.server(upgraded) != original)
    var older = server
    older.discovery.protocolVersion = "2025-03-26"
    #expect(Fingerprint.server(older) != original)
    #expect(Fingerprint.server(SampleReports.broken()) == nil)
  }

  /// One tool, and enough tools that the hashes stream in several batches.
  @Test(arguments: [1, 2500])
  func theServerFingerprintIsTheHashOfTheDocumentedObject(tools: Int) throws {
    var server = SampleReports.clock()
    server.discovery.lists[0].items = (0..<tools).map { index in
      RawJSON(.object([
        "name": .string("tool_\(index)"), "inputSchema": .object([:]),
      ]))
    }
    let discovery = server.discovery
    let info = try #require(discovery.serverInfo)
    var root = JSONObject()
    root["protocolVersion"] = .string(try #require(discovery.protocolVersion))
    root["serverInfo"] = .object([
      "name": info["name"] ?? .null, "version": info["version"] ?? .null,
    ])
    for kind in DiscoveryKind.allCases {
      let hashes = discovery.items(kind).map { Fingerprint.item($0, kind: kind) }
      root[kind.resultKey] = .array(hashes.sorted().map(JSONValue.string))
    }
    #expect(Fingerprint.server(server) == Fingerprint.hash(.object(root)))
  }

  @Test func theReportCarriesFingerprintsBesideUnchangedItems() throws {
    let report = SampleReports.mixed()
    let json = report.jsonValue()
    let server = try #require(json["servers"]?[0])
    let name = Fingerprint.identifier(SampleReports.getTime, kind: .tools)
    #expect(server["fingerprints"]?["tools"]?[name]
      == .string(Fingerprint.item(RawJSON(SampleReports.getTime), kind: .tools)))
    #expect(server["serverFingerprint"]
      == .string(Fingerprint.server(report.servers[0])!))
    #expect(server["tools"]?[0] == SampleReports.getTime)
    #expect(json["schemaVersion"] == .integer(1))
  }

  /// A JSON object with a key twice loses one of them to most readers,
  /// so repeated and missing names get keys of their own.
  @Test func fingerprintKeysAreUniqueWhenNamesRepeatOrAreMissing() throws {
    var report = SampleReports.mixed()
    let tools = [
      #"{"name": "search", "description": "v1"}"#,
      #"{"name": "search", "description": "v2"}"#,
      #"{"description": "nameless"}"#,
      #"{"name": "", "description": "empty"}"#,
    ].map { RawJSON(SampleReports.parse($0)) }
    report.servers[0].discovery.lists = [DiscoveredList(kind: .tools, items: tools)]
    let server = try #require(report.jsonValue()["servers"]?[0])
    let map = try #require(server["fingerprints"]?["tools"]?.objectValue)
    #expect(map.keys == ["search", "search#1", "#2", "#3"])
    #expect(map.members.map(\.value) == tools.map {
      .string(Fingerprint.item($0, kind: .tools))
    })

    let findings = SchemaProblemsCheck().findings(in: report)
    let names = findings.filter { $0.code == "MCP007" }.map { $0.item?.name }
    #expect(names == ["#2", "#3"])
    #expect(findings.first { $0.code == "MCP007" }?.message == "tool '#2' has an empty name")
  }
}
