import Foundation
import Testing

@testable import Census

/// `examples/`: every file parses, and the CI and scheduler examples use
/// options the tool has. (The Indexed Job's command is run for real in
/// `ShardMergeEndToEndTests`.)
@Suite struct ExampleTests {
  static let examples = CensusBinary.root.appendingPathComponent("examples").path

  @Test func everyYAMLExampleLoads() throws {
    let files = [
      "github/mcp-census.yml", "gitlab/.gitlab-ci.yml",
      "kubernetes/cronjob.yaml", "kubernetes/indexed-job.yaml",
    ].map { Self.examples + "/" + $0 }
    let outcome = try CensusBinary.runProgram(
      CensusBinary.python, [CensusBinary.fixture("schemas/validate.py"), "yaml"] + files)
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
  }

  /// The README's annotated manifest is copied by readers: it must load as
  /// it stands (with the one variable it uses set).
  @Test func theReadmesAnnotatedManifestLoads() throws {
    let readme = try String(
      contentsOf: CensusBinary.root.appendingPathComponent("README.md"), encoding: .utf8)
    let intro = try #require(readme.range(of: "An annotated example"))
    let open = try #require(
      readme.range(of: "```yaml\n", range: intro.upperBound..<readme.endIndex))
    let close = try #require(
      readme.range(of: "\n```", range: open.upperBound..<readme.endIndex))
    let text = String(readme[open.upperBound..<close.lowerBound])
    let manifest = try ManifestLoader.load(
      text: text, path: "README.md", environment: ["DOCS_TOKEN": "token-for-the-test"])
    #expect(manifest.servers.map(\.name) == ["time", "docs", "legacy", "retired"])
  }

  @Test func theCIExamplesShardMergeAndPublish() throws {
    let outcome = try CensusBinary.runProgram(CensusBinary.python, [
      CensusBinary.fixture("examples/check_examples.py"), "check", Self.examples,
    ])
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
  }

  @Test func theCrontabLineHasFiveTimeFieldsAndAValidRun() throws {
    let text = try String(contentsOfFile: Self.examples + "/crontab", encoding: .utf8)
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    #expect(lines.count == 1)
    let fields = lines[0].split(separator: " ", maxSplits: 5)
    #expect(fields.count == 6)
    let time = fields.prefix(5).joined(separator: " ")
    #expect(time == "30 2 * * *")
    // cron ends a command at an unescaped %.
    #expect(!fields[5].replacingOccurrences(of: "\\%", with: "").contains("%"))
    #expect(fields[5].contains("mcp-census run manifests/nightly.yaml --baseline previous"))
  }

  @Test func theSystemdUnitsVerify() throws {
    let analyze = "/usr/bin/systemd-analyze"
    guard FileManager.default.isExecutableFile(atPath: analyze) else {
      print("skipped: systemd-analyze is not installed; the units were not verified")
      return
    }
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for unit in ["mcp-census.service", "mcp-census.timer"] {
      // verify wants ExecStart= to exist: point it at the built binary.
      let text = try String(
        contentsOfFile: Self.examples + "/systemd/" + unit, encoding: .utf8
      ).replacingOccurrences(of: "/usr/local/bin/mcp-census", with: CensusBinary.executable)
      _ = try CensusBinary.write(text, to: unit, in: folder)
    }
    let outcome = try CensusBinary.runProgram(analyze, [
      "verify", "--man=no", folder.path + "/mcp-census.service",
      folder.path + "/mcp-census.timer",
    ])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
  }
}
