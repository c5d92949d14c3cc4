import Testing

@testable import Census

/// A report's `target` shows each word of a command as a shell would
/// need it: plain words as they are, anything else in single quotes.
@Suite struct ShellQuotingTests {
  @Test(arguments: [
    ("/usr/bin/python3", "/usr/bin/python3"),
    ("--port=8080", "--port=8080"),
    ("a,b+c@d:e_f.g", "a,b+c@d:e_f.g"),
    ("d\u{E9}j\u{E0}", "d\u{E9}j\u{E0}"),
    ("", "''"),
    ("two words", "'two words'"),
    ("it's", #"'it'\''s'"#),
    ("$HOME", "'$HOME'"),
    ("x\r\ny", "'x\r\ny'"),
    ("caf\u{E9} au lait", "'caf\u{E9} au lait'"),
  ])
  func wordsAreQuotedOnlyWhenTheyNeedIt(word: String, shown: String) {
    #expect(shellQuoted(word) == shown)
  }

  /// Every ASCII character, alone and between letters: the byte-by-byte
  /// judgement agrees with the rule by character.
  @Test func asciiWordsFollowTheRuleByCharacter() {
    for value in UInt8(0)..<0x80 {
      let character = Character(Unicode.Scalar(value))
      let plain = character.isLetter || character.isNumber
        || "-_./=:@,+".contains(character)
      for word in [String(character), "a\(character)b"] {
        let expected = plain ? word : "'" + word.replacing("'", with: #"'\''"#) + "'"
        #expect(shellQuoted(word) == expected, "byte \(value)")
      }
    }
  }
}
