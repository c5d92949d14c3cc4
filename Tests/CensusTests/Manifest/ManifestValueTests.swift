import Testing

@testable import Census

@Suite struct ManifestValueTests {
  @Test(arguments: [
    ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)),
    ("5m", .seconds(300)), ("1h", .seconds(3600)), ("0ms", .zero),
  ])
  func readsDurations(_ text: String, _ expected: Duration) {
    #expect(DurationText.parse(text) == expected)
    #expect(DurationText.format(expected) == (text == "0ms" ? "0ms" : text))
  }

  @Test(arguments: ["", "soon", "30", "1.5s", "-1s", "30 s", "1d", "s"])
  func refusesWhatIsNotADuration(_ text: String) {
    #expect(DurationText.parse(text) == nil)
  }

  @Test(arguments: [
    ("512KiB", 512 * 1024), ("16MiB", 16 << 20), ("1GiB", 1 << 30),
    ("1048576", 1_048_576), ("10B", 10),
  ])
  func readsSizes(_ text: String, _ expected: Int) {
    #expect(SizeText.parse(text) == expected)
  }

  @Test(arguments: ["", "16MB", "1.5MiB", "big", "999999999999GiB", "-1"])
  func refusesWhatIsNotASize(_ text: String) {
    #expect(SizeText.parse(text) == nil)
  }

  /// A value written right but too large gets its own message.
  @Test func tellsATooLargeValueFromAMalformedOne() {
    #expect(DurationText.isTooLarge("9999999999999h"))
    #expect(!DurationText.isTooLarge("999999999999h"))
    #expect(!DurationText.isTooLarge("9999999999999 years"))
    #expect(!DurationText.isTooLarge("soon"))
    #expect(SizeText.isTooLarge("999999999999GiB"))
    #expect(SizeText.isTooLarge("99999999999999"))
    #expect(!SizeText.isTooLarge("99999999999999TiB"))
    #expect(!SizeText.isTooLarge("16MiB"))
  }

  @Test(arguments: [
    ("comand", "command"), ("Command", "command"), ("tiemout", "timeout"),
    ("urls", "url"), ("retry-delay", "retry_delay"),
  ])
  func suggestsTheKeyMeant(_ typo: String, _ meant: String) {
    let keys = ManifestDecoder.serverKeys
    #expect(Suggestion.closest(to: typo, among: keys) == meant)
  }

  @Test func suggestsNothingForAStrangeWord() {
    let keys = ManifestDecoder.serverKeys
    #expect(Suggestion.closest(to: "suppressions", among: keys) == nil)
  }

  @Test(arguments: [
    ("plain", "plain"), ("$$", "$"), ("$$$$", "$$"), ("a$b", "a$b"),
    ("${SET}", "value"), ("x${SET}y", "xvaluey"), ("${UNSET:-d}", "d"),
    ("${EMPTY:-d}", "d"), ("${EMPTY}", ""), ("${SET:-d}", "value"),
    ("$${SET}", "${SET}"), ("${UNSET:-}", ""), ("${UNSET:-a:-b}", "a:-b"),
  ])
  func interpolates(_ text: String, _ expected: String) throws {
    var interpolation = Interpolation(
      environment: ["SET": "value", "EMPTY": ""])
    #expect(try interpolation.expand(text) == expected)
  }

  @Test(arguments: [
    ("${UNSET}", Interpolation.Failure.unset(name: "UNSET")),
    ("${SET", .unterminated), ("${1X}", .invalidName("1X")),
    ("${}", .invalidName("")), ("${A B}", .invalidName("A B")),
  ])
  func refusesBadReferences(_ text: String, _ failure: Interpolation.Failure) {
    var interpolation = Interpolation(environment: ["SET": "value"])
    #expect(throws: failure) { try interpolation.expand(text) }
  }

  @Test(arguments: [
    ("/a/./b/../c//d/", "/a/c/d"), ("/", "/"), ("//", "/"), ("/..", "/"),
    ("/a/../..", "/"), ("/a/...", "/a/..."), ("/a/.b/..c", "/a/.b/..c"),
    ("/é/../ü/./z", "/ü/z"), ("/srv/日本/./x", "/srv/日本/x"),
    ("/a/b", "/a/b"), ("/a/b/.", "/a/b"), ("/a/b/..", "/a"), ("a/b", "/a/b"),
    ("/a.", "/a."), ("/.a", "/.a"), ("/a/..b", "/a/..b"), ("/a/", "/a"),
  ])
  func normalizesPaths(_ path: String, _ expected: String) {
    #expect(ManifestPaths.normalized(path) == expected)
  }

  /// Every path of up to seven of `/`, `.` and `a`, against the rule
  /// written plainly: paths already normal take a shortcut, and it must
  /// agree.
  @Test func normalizingAgreesWithThePlainRuleOnEveryShortPath() {
    func plain(_ path: String) -> String {
      var parts: [Substring] = []
      for part in path.split(separator: "/") where part != "." {
        if part == ".." { _ = parts.popLast() } else { parts.append(part) }
      }
      return "/" + parts.joined(separator: "/")
    }
    var paths = [""]
    for _ in 1...7 {
      paths = paths.flatMap { path in ["/", ".", "a"].map { path + $0 } }
      for path in paths where ManifestPaths.normalized(path) != plain(path) {
        Issue.record("\(path): \(ManifestPaths.normalized(path)), not \(plain(path))")
      }
    }
  }

  @Test func resolvesRelativePathsAgainstTheManifestFolder() {
    #expect(ManifestPaths.resolve("bin/../tool", against: "/srv/jobs") == "/srv/jobs/tool")
    #expect(ManifestPaths.resolve("/usr/bin/x", against: "/srv/jobs") == "/usr/bin/x")
    #expect(ManifestPaths.resolve(".", against: "/srv/jobs/") == "/srv/jobs")
  }

  @Test func remembersOnlyNonEmptyValuesAsSecrets() throws {
    var interpolation = Interpolation(
      environment: ["TOKEN": "t0k3n", "EMPTY": ""])
    _ = try interpolation.expand("${TOKEN} ${EMPTY} ${NONE:-default}")
    #expect(interpolation.secrets == ["t0k3n"])
  }
}
