import Foundation
import Testing
@testable import Census

/// How the command line is read: `-h`, options given twice, and what may
/// follow `--help` and `--version`.
@Suite struct ArgumentTests {
  let options: [OptionSpec] = [
    .value("out", "DIR"), .value("only", "NAME[,NAME]"), .value("format", "LIST"),
    .flag("quiet"), .flag("help"),
  ]

  func usageError(_ arguments: [String]) -> String? {
    do {
      _ = try ParsedArguments(arguments, options: options)
      return nil
    } catch {
      return error.message
    }
  }

  @Test func dashHIsHelp() throws {
    let parsed = try ParsedArguments(["x.yaml", "-h"], options: options)
    #expect(parsed.flags == ["help"])
    #expect(parsed.positionals == ["x.yaml"])
  }

  @Test func anOptionWithAValueGivenTwiceIsAUsageError() {
    #expect(usageError(["--out", "a", "--out=b"])
      == "option '--out' is given twice ('a', then 'b'); give it once")
    #expect(usageError(["--out", "a", "--out", "a"])
      == "option '--out' is given twice ('a', then 'a'); give it once")
  }

  @Test(arguments: ["only", "format"])
  func aListGivenTwiceSaysHowToGiveSeveral(_ name: String) {
    #expect(usageError(["--\(name)", "a", "--\(name)", "b"])
      == "option '--\(name)' is given twice ('a', then 'b'); give it once, "
        + "with the values separated by commas")
  }

  @Test func aFlagGivenTwiceCountsOnce() throws {
    let parsed = try ParsedArguments(["--quiet", "--quiet"], options: options)
    #expect(parsed.flags == ["quiet"])
  }

  @Test func runRefusesTwoTags() {
    #expect(throws: UsageError(
      "option '--tag' is given twice ('nope', then 'web'); give it once"))
    {
      _ = try RunOptions(arguments: ["x.yaml", "--tag", "nope", "--tag", "web"])
    }
  }

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
