import Foundation
import Testing
@testable import Census

/// The built binary against real, unmodified MCP servers from PyPI.
@Suite(.serialized) struct RealServerTests {
  /// Runs the example manifest once for all tests here, the way `make run`
  /// does: with its remote entry served on loopback for the length of it.
  static let example: Result<(CensusBinary.Outcome, JSONValue, String), Error> = Result {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifests = CensusBinary.root.appendingPathComponent("manifests")
    let outcome = try CensusBinary.runProgram(CensusBinary.python, [
      manifests.appendingPathComponent("servers/run_with_remote.py").path, "38931", "--",
      CensusBinary.executable, "run", manifests.appendingPathComponent("example.yaml").path,
      "--out", folder.path,
    ])
    try CensusBinary.checkReports(["run", "--out", folder.path], outcome: outcome)
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
    #expect(report["summary"]?["ok"] == .number("4"))
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

extension RealServerTests {
  @Test func theRemoteEntryIsDiscoveredOverStreamableHTTP() throws {
    let remote = try server("catalog-remote")
    #expect(remote["status"] == .string("ok"))
    #expect(remote["transport"] == .string("streamable-http"))
    #expect(remote["finalUrl"] == .string("http://127.0.0.1:38931/mcp"))
    let local = try server("catalog")
    #expect(remote["tools"] == local["tools"])
    #expect(remote["resourceTemplates"] == local["resourceTemplates"])
  }

  @Test func theAcceptedShadowingIsSuppressedNotLost() throws {
    let (_, report, _) = try Self.example.get()
    let shadowing = (report["findings"]?.arrayValue ?? []).filter {
      $0["code"] == .string("MCP003")
    }
    #expect(shadowing.count == 2)
    #expect(shadowing.allSatisfy { $0["suppressed"] == .bool(true) })
  }
}
