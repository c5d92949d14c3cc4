import Foundation
import Testing
@testable import Census

/// The command line as the binary reads it: `-h` everywhere, what may
/// follow `--help` and `--version`, and an option spelled with one dash.
@Suite struct ArgumentTests {
  @Test(arguments: ["run", "validate", "diff", "audit", "merge", "import"])
  func everyCommandTakesDashH(_ command: String) throws {
    let short = try CensusBinary.run([command, "-h"])
    let long = try CensusBinary.run([command, "--help"])
    #expect(short.status == 0, "\(short.stderr)")
    #expect(short.stdout.hasPrefix("mcp-census \(command): "))
    #expect(short.stdout == long.stdout)
  }

  @Test func theToolTakesDashH() throws {
    let short = try CensusBinary.run(["-h"])
    #expect(short.status == 0)
    #expect(short.stdout == (try CensusBinary.run(["--help"])).stdout)
    #expect(short.stdout.contains("-h, --help"))
  }

  @Test(arguments: ["--version", "--help", "-h", "help"])
  func nothingMayFollowVersionOrHelp(_ first: String) throws {
    let outcome = try CensusBinary.run([first, "extra"])
    #expect(outcome.status == 2)
    #expect(outcome.stdout.isEmpty)
    #expect(outcome.stderr.hasPrefix(
      "mcp-census: error: '\(first)' takes no arguments, not 'extra'\nusage: "))
  }

  @Test func helpBeforeACommandPointsToItsHelp() throws {
    let outcome = try CensusBinary.run(["--help", "run"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.hasPrefix("""
      mcp-census: error: '--help' takes no arguments, not 'run' \
      (for its help: 'mcp-census run --help')
      """))
  }

  @Test func anOptionWithOneDashIsAUsageErrorThatNamesIt() throws {
    let outcome = try CensusBinary.run(["run", "x.yaml", "-tag", "web"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.hasPrefix(
      "mcp-census: error: unknown option '-tag' (did you mean '--tag'?)\nusage: "))
  }

  @Test func mergeStreamsOneFormatOnly() throws {
    let outcome = try CensusBinary.run(
      ["merge", "a.json", "--out", "-", "--format", "json,markdown"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("--out - streams one report; give one --format"))
  }

  @Test func runHelpSaysWhatOutDashStreams() throws {
    let help = try CensusBinary.run(["run", "--help"])
    #expect(help.stdout.contains("""
        --out DIR             where reports go; '-' streams one report to
                              stdout: JSON, or the one --format given (two
                              or more with '-' are a usage error)
      """))
    #expect(help.stdout.contains("""
      Each option that takes a value is given once; --only and --format take
      comma-separated lists. Giving one twice is a usage error (exit 2).
      """))
  }
}
