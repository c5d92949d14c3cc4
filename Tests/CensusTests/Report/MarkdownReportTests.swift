import Foundation
import Testing

@testable import Census

@Suite struct MarkdownReportTests {
  /// `Tests/CensusTests/Fixtures/report/`, found from this file's path.
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/report")

  /// Compares with the golden file; `CENSUS_REGENERATE_FIXTURES=1`
  /// rewrites it first, for when the layout changes on purpose.
  @Test func theMixedReportMatchesTheGoldenFile() throws {
    let markdown = MarkdownReport().markdown(SampleReports.mixed())
    let golden = Self.fixtures.appendingPathComponent("mixed.md")
    if ProcessInfo.processInfo.environment["CENSUS_REGENERATE_FIXTURES"]
      == "1"
    {
      try markdown.write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(markdown == expected)
  }

  @Test func tablesAreNeverEmpty() {
    var report = SampleReports.mixed()
    report.servers[0].discovery.lists[0].items = []
    let markdown = MarkdownReport().markdown(report)
    #expect(markdown.contains("### Tools (0)\n\nnone\n"))
  }

  /// A list the server declared but the attempt never reached (it timed
  /// out on an earlier one) is not "not declared".
  @Test func aDeclaredListTheAttemptNeverReachedSaysSo() {
    var report = SampleReports.mixed()
    report.servers[0].status = .timeout
    report.servers[0].discovery.lists = []
    report.servers[0].discovery.capabilities = SampleReports.parse(
      #"{"tools": {}, "prompts": false}"#)
    let markdown = MarkdownReport().markdown(report)
    let section = markdown.components(separatedBy: "\n## ").first { $0.hasPrefix("clock") } ?? ""
    #expect(section.contains(
      "### Tools\n\nNot listed: the attempt ended before this list (see the "
        + "failure below).\n"))
    #expect(section.contains(
      "### Prompts\n\nNot listed: the server did not declare them.\n"))
  }

  static let hostile = "Adds | numbers\nsecond line <script>alert(1)"
    + "</script> [x](http://evil) ![img](x) `rm -rf` \u{1B}[2J "
    + "\u{202E}gnp.exe \u{200B}www.evil.example"

  func hostileReport() -> CensusReport {
    var report = SampleReports.mixed()
    let tool = JSONValue.object([
      "name": .string("add|<b>"),
      "title": .string("![t](x)"),
      "description": .string(Self.hostile),
      "inputSchema": .object([
        "required": .array([.string("a|b"), .string("`c`")])
      ]),
    ])
    report.servers[0].discovery.lists[0].items = [RawJSON(tool)]
    report.servers[0].discovery.instructions = Self.hostile
    report.servers[1].discovery.warnings = [Self.hostile]
    report.servers[2].failure?.message = Self.hostile
    report.servers[2].stderrTail = nil
    return report
  }

  @Test func hostileTextIsNeverLive() {
    let markdown = MarkdownReport().markdown(hostileReport())
    for live in [
      "<script", "<b>", "](", "![", "\u{1B}", "\u{202E}", "\u{200B}",
      "www.evil", "http://",
    ] {
      #expect(!markdown.contains(live), "\(live) is live")
    }
    #expect(markdown.contains("&lt;U+202E&gt;"))
    #expect(markdown.contains("&lt;U+001B&gt;"))
    for line in markdown.split(separator: "\n") {
      #expect(unescapedCount("`", in: line) == 0, "\(line)")
    }
  }

  @Test func hostileTextKeepsEveryTableRowInShape() {
    let markdown = MarkdownReport().markdown(hostileReport())
    var columns: Int?
    let lines = markdown.split(
      separator: "\n", omittingEmptySubsequences: false)
    for line in lines {
      guard line.hasPrefix("|") else {
        columns = nil
        continue
      }
      let count = unescapedCount("|", in: line)
      #expect(count == (columns ?? count), "\(line)")
      columns = count
    }
    let toolRow = markdown.split(separator: "\n").first {
      $0.hasPrefix("| add")
    }
    #expect(toolRow.map { unescapedCount("|", in: $0) } == 7)
  }

  @Test func theJSONKeepsHostileTextExactly() throws {
    let report = hostileReport()
    let text = JSONWriter(pretty: true).string(report.jsonValue())
    let parsed = try JSONParser.parse(text)
    let tool = parsed["servers"]?.arrayValue?[0]["tools"]?.arrayValue?[0]
    #expect(tool?["description"]?.stringValue == Self.hostile)
    #expect(try CensusReport(json: parsed) == report)
  }

  @Test func theStderrFenceOutrunsBackticksInside() {
    let markdown = MarkdownReport().markdown(SampleReports.mixed())
    #expect(markdown.contains("````\nError: Cannot find module"))
    #expect(markdown.contains("first\n````\n"))
  }

  /// How many times `mark` appears without a backslash escaping it.
  func unescapedCount(_ mark: Character, in line: Substring) -> Int {
    var count = 0
    var backslashes = 0
    for character in line {
      if character == mark, backslashes % 2 == 0 { count += 1 }
      backslashes = character == "\\" ? backslashes + 1 : 0
    }
    return count
  }
}
