import Testing

@testable import Census

/// Inputs of the kind the fuzzer produces: each must be refused with at
/// least one diagnostic, never crash or hang.
@Suite struct ManifestOddInputTests {
  @Test(arguments: [
    "", "\0", "[", "]", "{", "&a *a", "*a", "<<: *x", "? [a]: b",
    "{a: 1, a: 2}", "--- |\n  text", "!!binary aGVsbG8=", "%YAML 9.9\n---",
    "- a\n- b", "version: 1\njob: j\nservers:\n  - ~", "a: &a\n  b: *a",
    "x: [*a, &a 1]", "version: 1\njob: j\nservers: [{<<: [1, [2]]}]",
    "\u{FEFF}version: 1", "version: 1\r\njob: j\r\nservers: {}\r\n",
    "version: 1\njob: ${\nservers: []", "job: \"\\uD800\"",
    String(repeating: "- ", count: 200) + "x",
    String(repeating: "a: ", count: 100) + "b",
  ])
  func refusesWithADiagnostic(_ text: String) throws {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: text, path: "odd.yaml", environment: [:])
    }
    #expect(!errors.diagnostics.isEmpty)
    #expect(errors.rendered.hasPrefix("odd.yaml"))
  }
}

extension ManifestOddInputTests {
  @Test func echoesNoControlCharacterFromTheFile() throws {
    let text = "version: 1\njob: \u{1B}[2J\u{7}\n"
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: text, path: "odd.yaml", environment: [:])
    }
    #expect(errors.rendered == """
      odd.yaml:2:6: error: control characters are not allowed
      job: \u{FFFD}[2J\u{FFFD}
           ^
      """)
  }
}
