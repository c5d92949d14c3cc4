import Testing

@testable import Census

@Suite struct DriftTests {
  func tool(_ name: String, _ description: String, schema: String = "{}") -> JSONValue {
    SampleReports.parse("""
      {"name": "\(name)", "description": "\(description)",
       "inputSchema": {"type": "object", "properties": \(schema)}}
      """)
  }

  func report(_ tools: [JSONValue], version: String = "1.0") -> CensusReport {
    var report = SampleReports.mixed()
    report.servers[0].discovery.lists[0].items = tools.map(RawJSON.init)
    report.servers[0].discovery.serverInfo = SampleReports.parse(
      #"{"name": "mcp-time", "version": "\#(version)"}"#)
    return report
  }

  @Test func identicalReportsHaveNoDrift() {
    let drift = DriftComparison.compare(
      baseline: SampleReports.mixed(), current: SampleReports.mixed())
    #expect(drift.isEmpty)
  }

  @Test func itemsAddedRemovedAndChangedAreNamed() throws {
    let old = report([tool("a", "A."), tool("b", "B."), tool("c", "C.")])
    let new = report(
      [tool("a", "A, but better."), tool("c", "C.", schema: #"{"x": {}}"#),
       tool("d", "D.")],
      version: "2.0")
    let drift = DriftComparison.compare(baseline: old, current: new)
    let server = try #require(drift.servers.first)
    #expect(server.name == "clock")
    #expect(server.added == [ItemReference(kind: .tools, name: "d")])
    #expect(server.removed == [ItemReference(kind: .tools, name: "b")])
    #expect(server.changed.map(\.item.name) == ["a", "c"])
    #expect(server.changed[0].aspects == [.description])
    #expect(server.changed[0].oldDescription == "A.")
    #expect(server.changed[0].newDescription == "A, but better.")
    #expect(server.changed[1].aspects == [.schema])
    #expect(server.serverInfo == ValueChange(old: "mcp-time 1.0", new: "mcp-time 2.0"))
  }

  /// A server may offer one name twice; the same report against itself,
  /// or with the pair reordered, must show no drift (it did: both were
  /// compared with the last of the old ones).
  @Test func itemsSharingANameArePairedIdenticalOnesFirst() throws {
    let twice = [tool("search", "Search v1."), tool("search", "Search v2.")]
    #expect(DriftComparison.compare(
      baseline: report(twice), current: report(twice)).isEmpty)
    #expect(DriftComparison.compare(
      baseline: report(twice), current: report(twice.reversed())).isEmpty)

    let nameless = [SampleReports.parse(#"{"description": "x"}"#),
      SampleReports.parse(#"{"description": "y"}"#)]
    #expect(DriftComparison.compare(
      baseline: report(nameless), current: report(nameless)).isEmpty)

    let changed = DriftComparison.compare(
      baseline: report(twice),
      current: report([tool("search", "Search v2."), tool("search", "Search v3.")]))
    let server = try #require(changed.servers.first)
    #expect(server.changed.map(\.item.name) == ["search"])
    #expect(server.changed.first?.oldDescription == "Search v1.")
    #expect(server.changed.first?.newDescription == "Search v3.")
    #expect(server.added.isEmpty && server.removed.isEmpty)

    let third = DriftComparison.compare(
      baseline: report(twice), current: report(twice + [tool("search", "v3")]))
    #expect(third.servers.first?.added == [ItemReference(kind: .tools, name: "search")])
    let fewer = DriftComparison.compare(
      baseline: report(twice), current: report([tool("search", "Search v2.")]))
    #expect(fewer.servers.first?.removed == [ItemReference(kind: .tools, name: "search")])
    #expect(fewer.servers.first?.changed.isEmpty == true)
  }

  @Test func availabilityAndManifestChangesAreReported() throws {
    let old = SampleReports.mixed()
    var new = SampleReports.mixed()
    new.servers[0].status = .failed
    new.servers[2].status = .ok
    new.servers.remove(at: 1)
    var added = SampleReports.retired()
    added.name = "newcomer"
    new.servers.append(added)
    let drift = DriftComparison.compare(baseline: old, current: new)
    #expect(drift.serversAdded == ["newcomer"])
    #expect(drift.serversRemoved == ["docs"])
    let byName = Dictionary(uniqueKeysWithValues: drift.servers.map { ($0.name, $0) })
    #expect(byName["clock"]?.availability == .newlyFailing)
    #expect(byName["broken"]?.availability == .recovered)
  }

  @Test func aListThatFailedIsNotReadAsRemovedItems() {
    let old = SampleReports.mixed()
    var new = SampleReports.mixed()
    new.servers[0].discovery.lists[0].items = []
    new.servers[0].discovery.lists[0].error = "Method not found"
    new.servers[0].status = .partial
    let drift = DriftComparison.compare(baseline: old, current: new)
    #expect(drift.servers.allSatisfy { $0.removed.isEmpty })
  }

  @Test func driftSurvivesTheReportRoundTrip() throws {
    let old = report([tool("a", "A."), tool("b", "B.")])
    var new = report([tool("a", "A2.")], version: "2")
    new.drift = DriftComparison.compare(baseline: old, current: new)
    new.findings = Audit.findings(for: new)
    new.suppressions = [
      Suppression(code: "MCP012", server: "clock", item: nil, reason: "fine")
    ]
    new.servers[1].manifestFacts = ManifestFacts(
      plaintextHTTP: true,
      literalSecrets: [LiteralSecret(location: "headers.X", hint: "…, 9 characters")])
    let text = JSONWriter(pretty: true).string(new.jsonValue())
    #expect(try CensusReport(json: JSONParser.parse(text)) == new)
  }

  @Test func theMarkdownReportStartsWithWhatChanged() {
    let old = report([tool("a", "Old | text")])
    var new = report([tool("a", "New <b>text</b>")])
    new.drift = DriftComparison.compare(baseline: old, current: new)
    let markdown = MarkdownReport().markdown(new)
    let changed = markdown.firstRange(of: "## What changed")
    let summary = markdown.firstRange(of: "## Summary")
    #expect(changed != nil && summary != nil)
    if let changed, let summary {
      #expect(changed.lowerBound < summary.lowerBound)
    }
    #expect(markdown.contains("Old \\| text"))
    #expect(markdown.contains("New &lt;b&gt;text&lt;/b&gt;"))
  }
}
