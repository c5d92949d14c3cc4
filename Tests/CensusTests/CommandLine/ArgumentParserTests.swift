import Testing
@testable import Census

/// How `ParsedArguments` reads a command line: `-h`, options given twice,
/// and options spelled with other than two dashes.
@Suite struct ArgumentParserTests {
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

  @Test(arguments: [
    ("-out", "unknown option '-out' (did you mean '--out'?)"),
    ("---out", "unknown option '---out' (did you mean '--out'?)"),
    ("-quiet", "unknown option '-quiet' (did you mean '--quiet'?)"),
    ("-out=DIR", "unknown option '-out=DIR' (did you mean '--out'?)"),
    ("-x", "unknown option '-x'"),
    ("--qiet", "unknown option '--qiet' (did you mean '--quiet'?)"),
  ])
  func onlyTwoDashesMakeALongOption(_ argument: String, _ message: String) {
    #expect(usageError([argument, "a"]) == message)
  }

  /// `-q` is what other tools spell `--quiet`; `-o` could be `--out` or
  /// `--only`, so nothing is guessed.
  @Test func aOneLetterOptionSuggestsTheOneLongOptionItStarts() {
    #expect(usageError(["-q"]) == "unknown option '-q' (did you mean '--quiet'?)")
    #expect(usageError(["-o", "x"]) == "unknown option '-o'")
  }

  @Test func aLoneDashIsAPositional() throws {
    let parsed = try ParsedArguments(["-", "--", "-h"], options: options)
    #expect(parsed.positionals == ["-", "-h"])
    #expect(parsed.flags.isEmpty)
  }
}
