import Testing

@testable import Census

@Suite struct ReportJSONTests {
  /// Report -> JSON text -> parse -> report, as `diff` reads a saved one.
  func roundTrip(_ report: CensusReport) throws -> CensusReport {
    let text = JSONWriter(pretty: true).string(report.jsonValue())
    return try CensusReport(json: JSONParser.parse(text))
  }

  @Test func aReportSurvivesTheRoundTrip() throws {
    let report = SampleReports.mixed()
    #expect(try roundTrip(report) == report)
  }

  @Test func optionalJobFieldsSurviveTheRoundTrip() throws {
    var report = SampleReports.mixed()
    report.description = nil
    report.stoppedBy = .jobTimeout
    report.servers[2].status = .cancelled
    report.servers[2].failure?.signal = 15
    report.servers[1].discovery.serverInfo = .null
    #expect(try roundTrip(report) == report)
  }

  /// The file is streamed a batch of servers at a time; it must be the
  /// same bytes as the whole report written at once, whatever the batch
  /// size, findings, drift and an empty report included.
  @Test(arguments: [1, 3, 64])
  func theStreamedReportIsTheWholeReport(batch: Int) throws {
    var full = SampleReports.mixed()
    full.servers += full.servers.map { server in
      var copy = server
      copy.name += "-again"
      return copy
    }
    // One server whose JSON is larger than what is written ahead on
    // another core (256 KiB): it is streamed in place instead.
    var big = full.servers[0]
    big.name = "big"
    let tool = SampleReports.getTime
    big.discovery.lists[0].items = (0..<3000).map { _ in RawJSON(tool) }
    full.servers.insert(big, at: 1)
    full.findings = Audit.findings(for: full)
    #expect(full.findings.count > 4, "findings span more than one batch")
    var empty = SampleReports.mixed()
    empty.servers = []
    empty.description = nil
    for report in [full, empty] {
      var streamed: [UInt8] = []
      report.streamJSON(serversPerBatch: batch) { streamed += $0 }
      #expect(streamed == JSONWriter(pretty: true).bytes(report.jsonValue()))
      #expect(try JSONParser.parse(streamed) == report.jsonValue())
    }
  }

  @Test func itemsAreWrittenExactlyAsSent() throws {
    let json = SampleReports.mixed().jsonValue()
    let tool = json["servers"]?.arrayValue?.first?["tools"]?.arrayValue?[0]
    #expect(tool == SampleReports.getTime)
    #expect(tool?["x-weight"] == .number("1.50"))
  }

  @Test func keysComeInTheDocumentedOrder() throws {
    var report = SampleReports.mixed()
    report.stoppedBy = .interrupted
    let json = report.jsonValue()
    #expect(
      json.objectValue?.keys == [
        "schemaVersion", "job", "description", "manifests", "toolVersion",
        "startedAt", "finishedAt", "durationMs", "limits", "discover",
        "stoppedBy", "summary", "servers", "suppressions", "findings",
      ])
    #expect(
      json["limits"]?.objectValue?.keys == [
        "concurrency", "timeoutMs", "startupTimeoutMs", "retries",
        "retryDelayMs", "jobTimeoutMs", "maxMessageBytes",
      ])
    let clock = json["servers"]?.arrayValue?[0].objectValue?.keys
    #expect(
      clock == [
        "name", "description", "tags", "transport", "target",
        "manifestLine", "manifestColumn", "status", "attempts", "durationMs",
        "limits", "protocolVersion", "serverInfo", "capabilities",
        "instructions", "initializeMs", "pingMs", "tools", "resources",
        "resourceTemplates", "prompts", "lists", "warnings",
        "fingerprints", "serverFingerprint", "manifestFacts",
      ])
    #expect(
      json["discover"]
        == .array([
          "tools", "resources", "resource_templates", "prompts",
        ].map(JSONValue.string)))
  }

  @Test func theSummaryCountsEveryServer() {
    let report = SampleReports.mixed()
    let summary = report.summary
    #expect(summary.total == 4)
    #expect([summary.ok, summary.partial, summary.failed] == [1, 1, 1])
    #expect(summary.skipped == 1)
    #expect(summary.tools == 3)
    #expect(summary.resources == 1)
    #expect(summary.resourceTemplates == 1)
    #expect(summary.prompts == 1)
    let json = report.jsonValue()["summary"]
    #expect(
      JSONWriter().string(json ?? .null)
        == #"{"servers":4,"ok":1,"partial":1,"failed":1,"skipped":1,"#
        + #""tools":3,"resources":1,"resourceTemplates":1,"prompts":1}"#)
  }

  @Test(arguments: ServerStatus.allCases)
  func eachStatusIsCountedOnce(status: ServerStatus) {
    var server = SampleReports.retired()
    server.status = status
    let summary = ReportSummary(servers: [server])
    let buckets = [
      summary.ok, summary.partial, summary.failed, summary.skipped,
    ]
    #expect(buckets.reduce(0, +) == 1)
    #expect(summary.failed == (status.isDiscovered ? 0 : 1))
  }

  @Test(arguments: [
    (1234.5678, "1234.568"), (0, "0"), (12.5, "12.5"), (0.0004, "0"),
    (1000, "1000"), (0.05, "0.05"), (3500.25, "3500.25"),
  ])
  func millisecondsHaveAtMostThreeDecimals(value: Double, text: String) {
    #expect(JSONValue.milliseconds(value) == .number(text))
  }

  @Test func durationsAreWrittenInMilliseconds() {
    #expect(JSONValue.milliseconds(Duration.seconds(900)) == .number("900000"))
    #expect(
      JSONValue.milliseconds(Duration.microseconds(120_250))
        == .number("120.25"))
  }

  @Test(arguments: [
    (
      #"servers[3].status"#, JSONValue.string("done"),
      #"servers[3].status: expected one of ok, partial, failed, timeout, "#
        + #"skipped, cancelled, found a string "done""#
    ),
    (
      "servers[0].attempts", .number("2"),
      "servers[0].attempts: expected an array, found a number 2"
    ),
    (
      "servers[2].error", .string("x"),
      #"servers[2].error: expected an object, found a string "x""#
    ),
  ])
  func aWrongValueIsNamedByItsPath(
    path: String, value: JSONValue, message: String
  ) throws {
    let report = SampleReports.mixed().jsonValue()
    let json = replacing(path, in: report, with: value)
    let error = #expect(throws: ReportDecodingError.self) {
      try CensusReport(json: json)
    }
    #expect(error?.description == message)
  }

  @Test func aMissingMemberIsNamed() throws {
    guard case .object(var root) = SampleReports.mixed().jsonValue() else {
      Issue.record("not an object")
      return
    }
    root["job"] = nil
    let error = #expect(throws: ReportDecodingError.self) {
      try CensusReport(json: .object(root))
    }
    #expect(error?.description == "job: missing")
  }

  @Test func aNewerSchemaIsRefused() throws {
    let json = replacing(
      "schemaVersion", in: SampleReports.mixed().jsonValue(),
      with: .number("2"))
    let error = #expect(throws: ReportDecodingError.self) {
      try CensusReport(json: json)
    }
    #expect(error?.path == "schemaVersion")
  }

  @Test func aCountThatDisagreesWithTheItemsIsRefused() throws {
    let json = replacing(
      "servers[0].lists[0].count", in: SampleReports.mixed().jsonValue(),
      with: .number("5"))
    let error = #expect(throws: ReportDecodingError.self) {
      try CensusReport(json: json)
    }
    #expect(
      error?.description
        == "servers[0].lists[0].count: 5 does not match the 2 items in "
        + "servers[0].tools")
  }

  /// The document with the value at a simple path (`a.b[2].c`) replaced.
  func replacing(
    _ path: String, in value: JSONValue, with replacement: JSONValue
  ) -> JSONValue {
    var steps: [Substring] = []
    for part in path.split(separator: ".") {
      let pieces = part.split(separator: "[")
      steps.append(pieces[0])
      steps += pieces.dropFirst().map { $0.dropLast() }
    }
    return replacing(steps[...], in: value, with: replacement)
  }

  private func replacing(
    _ steps: ArraySlice<Substring>, in value: JSONValue,
    with replacement: JSONValue
  ) -> JSONValue {
    guard let step = steps.first else { return replacement }
    let rest = steps.dropFirst()
    switch value {
    case .object(var object):
      let key = String(step)
      object[key] = replacing(rest, in: object[key] ?? .null, with: replacement)
      return .object(object)
    case .array(var elements):
      let index = Int(step)!
      elements[index] = replacing(rest, in: elements[index], with: replacement)
      return .array(elements)
    default:
      return value
    }
  }
}
