@testable import Census

/// Hand-built reports shared by the report tests.
enum SampleReports {
  /// Items as a list keeps them: as text.
  static func raw(_ items: JSONValue...) -> [RawJSON] {
    items.map(RawJSON.init)
  }

  static func parse(_ text: String) -> JSONValue {
    do {
      return try JSONParser.parse(text)
    } catch {
      fatalError("bad test JSON: \(error)")
    }
  }

  static let limits = Limits(
    concurrency: 4, timeout: .seconds(30), startupTimeout: .seconds(60),
    retries: 2, retryDelay: .milliseconds(500), jobTimeout: .seconds(900),
    maxMessage: 16_777_216)

  /// Four servers: ok, partial, failed and skipped.
  static func mixed() -> CensusReport {
    CensusReport(
      job: "nightly-inventory", description: "Servers our agents may use",
      manifests: ["manifests/nightly.yaml"], toolVersion: "0.1.0",
      startedAt: "2026-12-03T16:34:18.120Z",
      finishedAt: "2026-12-03T16:34:21.620Z",
      durationMilliseconds: 3500.25, limits: limits,
      discover: DiscoveryKind.allCases, stoppedBy: nil,
      servers: [clock(), docs(), broken(), retired()])
  }

  static func clock() -> ServerRecord {
    var server = ServerRecord(
      name: "clock", description: "Local time and time zones",
      tags: ["core", "time"], transport: "stdio",
      target: "mcp-server-time --local-timezone UTC",
      mark: SourceMark(line: 12, column: 5), limits: limits, status: .ok)
    server.attempts = [
      AttemptRecord(number: 1, durationMilliseconds: 812.5, failure: nil)
    ]
    server.durationMilliseconds = 812.5
    var discovery = Discovery()
    discovery.protocolVersion = "2025-06-18"
    discovery.serverInfo = parse(
      #"{"name": "mcp-time", "version": "1.4.0", "title": "Time"}"#)
    discovery.capabilities = parse(
      #"{"tools": {"listChanged": true}, "resources": {}, "prompts": {}}"#)
    discovery.instructions = """
      Use get_time for the current time.

      Times are ISO 8601.
      """
    discovery.initializeLatency = .microseconds(120_250)
    discovery.pingLatency = .microseconds(1_500)
    discovery.lists = [
      DiscoveredList(kind: .tools, items: raw(getTime, convertTime), pages: 1),
      DiscoveredList(kind: .resources, items: raw(zones), pages: 1),
      DiscoveredList(kind: .resourceTemplates, items: raw(zone), pages: 1),
      DiscoveredList(kind: .prompts, items: raw(meeting), pages: 1),
    ]
    server.discovery = discovery
    return server
  }

  static let getTime = parse(
    #"""
    {"name": "get_time", "title": "Get time",
     "description": "Current time in a zone.\nFalls back to UTC.",
     "inputSchema": {"type": "object",
       "properties": {"timezone": {"type": "string"}},
       "required": ["timezone"]},
     "annotations": {"readOnlyHint": true, "destructiveHint": false},
     "x-weight": 1.50}
    """#)

  static let convertTime = parse(
    #"""
    {"name": "convert_time",
     "description": "Converts a time between zones",
     "inputSchema": {"type": "object",
       "required": ["source_timezone", "time", "target_timezone"]},
     "annotations": {"title": "Convert time", "readOnlyHint": false,
       "destructiveHint": true}}
    """#)

  static let zones = parse(
    #"""
    {"uri": "time://zones", "name": "zones", "mimeType": "application/json"}
    """#)

  static let zone = parse(
    #"{"uriTemplate": "time://zones/{name}", "name": "zone"}"#)

  static let meeting = parse(
    #"""
    {"name": "plan_meeting", "description": "Finds a slot for everyone",
     "arguments": [{"name": "cities", "required": true},
       {"name": "length"}]}
    """#)

  static func docs() -> ServerRecord {
    var server = ServerRecord(
      name: "docs", description: nil, tags: [],
      transport: "streamable-http", target: "https://docs.example/mcp",
      mark: SourceMark(line: 20, column: 5), limits: limits,
      status: .partial)
    server.finalURL = "https://docs.example/mcp/"
    let refused = FailureRecord(
      kind: "httpStatus", message: "The server answered HTTP 503.",
      httpStatus: 503, retryable: true)
    server.attempts = [
      AttemptRecord(number: 1, durationMilliseconds: 1000, failure: refused),
      AttemptRecord(number: 2, durationMilliseconds: 2045.125, failure: nil),
    ]
    server.durationMilliseconds = 3545.125
    var discovery = Discovery()
    discovery.protocolVersion = "2025-03-26"
    discovery.serverInfo = parse(#"{"name": "docs", "version": "2.0"}"#)
    discovery.capabilities = parse(#"{"tools": {}, "resources": {}}"#)
    discovery.lists = [
      DiscoveredList(
        kind: .tools, items: raw(parse(#"{"name": "search"}"#)), pages: 3,
        truncated: "the cursor repeated"),
      DiscoveredList(
        kind: .resources, pages: 0, error: "-32603: internal error"),
      DiscoveredList(kind: .resourceTemplates, pages: 1),
    ]
    discovery.warnings = ["notification before initialize answer ignored"]
    server.discovery = discovery
    return server
  }

  static func broken() -> ServerRecord {
    var server = ServerRecord(
      name: "broken", description: nil, tags: ["legacy"],
      transport: "stdio", target: "node broken.js",
      mark: SourceMark(line: 26, column: 5), limits: limits,
      status: .failed)
    let exited = FailureRecord(
      kind: "exited",
      message: "The server exited with code 1 before answering initialize.",
      exitCode: 1, retryable: true)
    server.attempts = [
      AttemptRecord(number: 1, durationMilliseconds: 40.5, failure: exited),
      AttemptRecord(number: 2, durationMilliseconds: 38, failure: exited),
      AttemptRecord(number: 3, durationMilliseconds: 39.001, failure: exited),
    ]
    server.durationMilliseconds = 1617.501
    server.failure = exited
    server.stderrTail = """
      Error: Cannot find module 'express'
      hint: run ```npm install``` first
      """
    return server
  }

  static func retired() -> ServerRecord {
    var server = ServerRecord(
      name: "retired", description: "The old search server", tags: [],
      transport: "stdio", target: "old-server",
      mark: SourceMark(line: 31, column: 5), limits: limits,
      status: .skipped)
    server.skipReason = "enabled: false in the manifest"
    return server
  }
}
