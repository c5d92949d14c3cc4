import Foundation
import Testing
@testable import Census

/// The built binary against real, unmodified MCP servers from PyPI.
@Suite(.serialized) struct RealServerTests {
  /// Runs the example manifest's three local servers once for all tests
  /// here. The remote entry needs a server on a fixed loopback port, which
  /// `make run` provides and a test cannot count on, so it is left out.
  static let example: Result<(CensusBinary.Outcome, JSONValue, String), Error> = Result {
    let folder = try CensusBinary.temporaryFolder()
    let outcome = try CensusBinary.run([
      "run", CensusBinary.root.appendingPathComponent("manifests/example.yaml").path,
      "--out", folder.path, "--only", "time,git,catalog",
    ])
    let report = try CensusBinary.report(at: folder.appendingPathComponent("example.json").path)
    let markdown = try String(
      contentsOf: folder.appendingPathComponent("example.md"), encoding: .utf8)
    return (outcome, report, markdown)
  }

  func server(_ name: String) throws -> JSONValue {
    let (_, report, _) = try Self.example.get()
    let servers = report["servers"]?.arrayValue ?? []
    return try #require(servers.first { $0["name"] == .string(name) })
  }

  @Test func theExampleJobSucceedsAndWritesBothReports() throws {
    let (outcome, report, markdown) = try Self.example.get()
    #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
    #expect(outcome.stdout.isEmpty)
    #expect(report["summary"]?["ok"] == .number("3"))
    #expect(markdown.contains("time"))
  }

  @Test func theTimeServerOffersItsTwoToolsWithSchemas() throws {
    let time = try server("time")
    #expect(time["status"] == .string("ok"))
    #expect(time["transport"] == .string("stdio"))
    let tools = time["tools"]?.arrayValue ?? []
    let names = tools.compactMap { $0["name"]?.stringValue }.sorted()
    #expect(names == ["convert_time", "get_current_time"])
    let convert = try #require(tools.first { $0["name"] == .string("convert_time") })
    let required = convert["inputSchema"]?["required"]?.arrayValue ?? []
    #expect(Set(required.compactMap(\.stringValue))
      == ["source_timezone", "time", "target_timezone"])
    #expect(time["serverInfo"]?["name"] == .string("mcp-time"))
    #expect(time["protocolVersion"]?.stringValue.map(ProtocolRevision.isKnown) == true)
    #expect(time["pingMs"]?.doubleValue != nil)
    #expect(time["initializeMs"]?.doubleValue != nil)
  }

  @Test func theGitServerListsItsTools() throws {
    let git = try server("git")
    #expect(git["status"] == .string("ok"))
    let names = Set((git["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
    #expect(names.isSuperset(of: ["git_status", "git_log", "git_diff", "git_show"]))
  }

  @Test func theSDKServerOffersAResourceATemplateAndAPrompt() throws {
    let catalog = try server("catalog")
    #expect(catalog["status"] == .string("ok"))
    let resources = catalog["resources"]?.arrayValue ?? []
    #expect(resources.map { $0["uri"] } == [.string("catalog://books")])
    let templates = catalog["resourceTemplates"]?.arrayValue ?? []
    #expect(templates.map { $0["uriTemplate"] } == [.string("catalog://books/{title}")])
    let prompt = try #require(catalog["prompts"]?.arrayValue?.first)
    #expect(prompt["name"] == .string("review"))
    #expect(prompt["arguments"]?.arrayValue?.count == 2)
    #expect(catalog["instructions"] == .string("Look up books in the team's reading list."))
  }
}
