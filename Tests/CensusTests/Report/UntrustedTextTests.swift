import Testing

@testable import Census

@Suite struct ReportUntrustedTextTests {
  @Test(arguments: [
    ("clear \u{1B}[2J", "clear <U+001B>[2J"),
    ("\u{1B}]8;;http://x\u{07}link", "<U+001B>]8;;http://x<U+0007>link"),
    ("c1 \u{9B}31m", "c1 <U+009B>31m"),
    ("bidi \u{202E}exe.txt\u{2066}", "bidi <U+202E>exe.txt<U+2066>"),
    ("zero\u{200B}width\u{FEFF}", "zero<U+200B>width<U+FEFF>"),
    ("back\rspace\u{08}del\u{7F}", "back<U+000D>space<U+0008>del<U+007F>"),
    ("two\nlines\r\n", "two lines "),
    ("tab\tkept, café ✓", "tab\tkept, café ✓"),
  ])
  func terminalSafeShowsEscapesInsteadOfRunningThem(
    input: String, expected: String
  ) {
    #expect(UntrustedText.terminalSafe(input) == expected)
  }

  @Test func terminalSafeCanKeepLineBreaks() {
    let text = UntrustedText.terminalSafe(
      "one\r\ntwo\n\u{1B}[Athree", keepingNewlines: true)
    #expect(text == "one\ntwo\n<U+001B>[Athree")
  }

  @Test(arguments: [
    ("a | b", #"a \| b"#),
    ("<img src=x onerror=alert(1)>", #"&lt;img src=x onerror=alert\(1\)&gt;"#),
    ("[x](http://evil)", #"\[x\]\(http\://evil\)"#),
    ("![i](x)", #"\!\[i\]\(x\)"#),
    ("`code` *b* _i_ ~s~", #"\`code\` \*b\* \_i\_ \~s\~"#),
    (#"C:\path & more"#, #"C\:\\path &amp; more"#),
    ("one\ntwo\r\nthree", "one two three"),
    ("  indented  ", "indented"),
    ("see www.evil.example", #"see www\.evil.example"#),
    ("a\u{202E}b", "a&lt;U+202E&gt;b"),
    ("2025-06-18 v1.2 #tag", ##"2025-06-18 v1.2 \#tag"##),
    ("$x^2$ :smile: a@b.c", #"\$x\^2\$ \:smile\: a\@b.c"#),
  ])
  func markdownEscapesEverythingThatCouldBeLive(
    input: String, expected: String
  ) {
    #expect(UntrustedText.markdown(input) == expected)
  }

  @Test(arguments: [
    ("- item", #"\- item"#), ("+ item", #"\+ item"#),
    ("===", #"\==="#), ("# title", ##"\# title"##),
    ("12. point", #"12\. point"#), ("> quote", "&gt; quote"),
    ("    code", "code"), ("1.5 is fine", #"1\.5 is fine"#),
  ])
  func markdownAtLineStartOpensNoBlock(input: String, expected: String) {
    #expect(UntrustedText.markdown(input, atLineStart: true) == expected)
  }

  @Test func firstLineSkipsBlankLinesAndCutsLongOnes() {
    #expect(UntrustedText.firstLine("\n  \n  Hello.\nMore") == "Hello.")
    let long = String(repeating: "x", count: 200)
    let line = UntrustedText.firstLine(long)
    #expect(line.count == UntrustedText.firstLineLimit)
    #expect(line.hasSuffix("…"))
    #expect(UntrustedText.truncated("short", limit: 5) == "short")
    #expect(UntrustedText.truncated("longer", limit: 5) == "long…")
  }

  @Test(arguments: [
    ("plain", "```"), ("has ``` inside", "````"),
    ("``````", "```````"), ("`a` ``b``", "```"),
  ])
  func theFenceIsLongerThanAnyBacktickRun(body: String, fence: String) {
    let block = UntrustedText.fencedBlock(body)
    #expect(block.hasPrefix(fence + "\n"))
    #expect(block.hasSuffix("\n" + fence))
    #expect(!block.dropFirst(fence.count).hasPrefix("`"))
  }

  @Test func aFencedBlockShowsControlCharacters() {
    let block = UntrustedText.fencedBlock("red \u{1B}[31m\nend\n\n")
    #expect(block == "```\nred <U+001B>[31m\nend\n```")
  }
}
