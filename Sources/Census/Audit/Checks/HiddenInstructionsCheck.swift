/// MCP001: text addressed to the model rather than the user, hidden in a
/// description: instruction-like tags, "ignore previous instructions",
/// "do not tell the user", requests to read keys, tokens or dot files.
struct HiddenInstructionsCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP001", severity: .high, name: "hidden-instructions",
    title: "A description holds instructions aimed at the model")

  var rules: [AuditRule] { [Self.rule] }

  /// Tags models are trained to heed, opening or closing.
  private static let tags = [
    "important", "system", "instructions", "instruction", "secret", "hidden",
    "admin", "assistant", "context", "critical", "sudo",
  ]

  /// Phrases, lowercased, with what each one signals; when several occur,
  /// the one listed first is reported.
  static let phrases: [(String, String)] = [
    ("ignore previous instructions", "tells the model to drop its instructions"),
    ("ignore all previous", "tells the model to drop its instructions"),
    ("ignore the above", "tells the model to drop its instructions"),
    ("disregard previous", "tells the model to drop its instructions"),
    ("disregard all prior", "tells the model to drop its instructions"),
    ("forget your instructions", "tells the model to drop its instructions"),
    ("do not tell the user", "asks the model to keep something from the user"),
    ("don't tell the user", "asks the model to keep something from the user"),
    ("do not mention", "asks the model to keep something from the user"),
    ("without telling the user", "asks the model to keep something from the user"),
    ("without informing the user", "asks the model to keep something from the user"),
    ("do not inform the user", "asks the model to keep something from the user"),
    ("the user must not know", "asks the model to keep something from the user"),
    ("~/.ssh", "asks for SSH keys"),
    ("id_rsa", "asks for an SSH private key"),
    ("id_ed25519", "asks for an SSH private key"),
    ("~/.aws", "asks for cloud credentials"),
    ("~/.cursor/mcp.json", "asks for another client's MCP configuration"),
    ("mcp.json", "asks for an MCP client configuration"),
    ("private key", "asks for a private key"),
    ("/etc/passwd", "asks for system files"),
  ]

  /// `phrases` as bytes, made once rather than once per description.
  private static let phraseBytes = phrases.map { Array($0.0.utf8) }

  /// `.env`, which `match` looks for as a file name.
  private static let dotEnv = Array(".env".utf8)

  /// What a text must hold somewhere for `match` to find anything
  /// besides a tag: the phrases (bit i of the masks below stands for
  /// `phrases[i]`), then `.env`.
  private static let needles = phraseBytes + [dotEnv]

  /// For each byte, in either case: at the byte, a bit for each needle
  /// whose first byte it is; at 256 + the byte, one for each needle whose
  /// second byte it is. A pass over a text then compares only the needles
  /// that can start just before where it is. The second half also has
  /// `stop` for `<` and `\`, where `mayMatch` stops.
  private static let needleBytes: [UInt32] = {
    precondition(needles.count < 32, "one bit per needle, and one for stop")
    var masks = [UInt32](repeating: 0, count: 512)
    for byte in 0...255 {
      let lower = folded(UInt8(byte))
      for (index, needle) in needles.enumerated() {
        if needle[0] == lower { masks[byte] |= 1 << UInt32(index) }
        if needle[1] == lower { masks[256 + byte] |= 1 << UInt32(index) }
      }
    }
    masks[256 + Int(UInt8(ascii: "<"))] |= stop
    masks[256 + Int(UInt8(ascii: "\\"))] |= stop
    return masks
  }()

  /// The bit of `needleBytes` that no needle uses: a byte `mayMatch`
  /// stops at whatever came before it.
  private static let stop: UInt32 = 1 << 31

  func findings(in report: CensusReport) -> [Finding] {
    var findings: [Finding] = []
    for server in discovered(report) {
      server.forEachDescription(of: Self.mayMatch) { text in
        guard let (range, why) = Self.match(in: text.text) else { return }
        findings.append(Self.rule.finding(
          server.name, item: text.item,
          message: "\(text.label) \(why)",
          evidence: Evidence.excerpt(text.text, around: range)))
      }
    }
    return findings
  }

  /// Whether a description in `item` may match, told from the item's
  /// text without reading it. False is certain: the text has no escape
  /// (so every string in it is its own text), no `<` and none of the
  /// phrases or `.env` in any case. Most items are then never read.
  /// (Not inlined: its loop is the hot one, and keeps its values in
  /// registers only on its own.)
  @inline(never)
  static func mayMatch(_ item: RawJSON) -> Bool {
    needleBytes.withUnsafeBufferPointer { masks in
      item.withBytes { text in
        // Needles whose first byte is the byte before this one, and `stop`.
        var started = stop
        var index = 0
        while index < text.count {
          let byte = Int(text[index])
          let candidates = started & masks[256 | byte]
          started = masks[byte] | stop
          if candidates != 0, anyStarts(candidates, in: text, at: index &- 1) {
            return true
          }
          index &+= 1
        }
        return false
      }
    }
  }

  /// Whether `stop` is among `candidates` or one of the needles they
  /// stand for starts at `start`. Kept out of `mayMatch`'s loop, which
  /// rarely needs it, so that the loop keeps its values in registers.
  @inline(never)
  private static func anyStarts(
    _ candidates: UInt32, in text: UnsafeBufferPointer<UInt8>, at start: Int
  ) -> Bool {
    if candidates & stop != 0 { return true }
    var candidates = candidates
    while candidates != 0 {
      let needle = needles[candidates.trailingZeroBitCount]
      candidates &= candidates - 1
      if starts(needle, in: text, at: start) { return true }
    }
    return false
  }

  /// Whether `needle` starts at `start`, letters in any case.
  private static func starts(
    _ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, at start: Int
  ) -> Bool {
    start + needle.count <= text.count
      && needle.indices.allSatisfy { needle[$0] == folded(text[start + $0]) }
  }

  /// ASCII letters in lower case; every other byte as it is.
  private static func folded(_ byte: UInt8) -> UInt8 {
    byte &- 65 < 26 ? byte | 0x20 : byte
  }

  /// The first suspicious span of `text` and what it signals.
  ///
  /// Works on the UTF-8 bytes with ASCII letters folded to lower case: every
  /// tag and phrase is ASCII, and a description can be megabytes long.
  static func match(in text: String) -> (Range<String.Index>, String)? {
    let bytes = text.utf8.map(folded)
    if let range = tagRange(in: bytes) {
      return (indices(range, in: text), "holds an instruction-like tag")
    }
    if let (range, index) = firstPhrase(in: bytes) {
      return (indices(range, in: text), phrases[index].1)
    }
    if let range = dotEnvRange(in: bytes) {
      return (indices(range, in: text), "asks for a .env file of secrets")
    }
    return nil
  }

  /// `<important>`, `</system>`, `< IMPORTANT >` and the like.
  private static func tagRange(in bytes: [UInt8]) -> Range<Int>? {
    var open = 0
    while let start = bytes[open...].firstIndex(of: UInt8(ascii: "<")) {
      var cursor = start + 1
      while cursor < bytes.count,
        bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "/")
      {
        cursor += 1
      }
      let word = bytes[cursor...].prefix { isLetter($0) || $0 == UInt8(ascii: "_") }
      let after = cursor + word.count
      if after < bytes.count, bytes[after] == UInt8(ascii: ">") || bytes[after] == 0x20,
        tags.contains(String(decoding: word, as: UTF8.self))
      {
        return start..<(after + 1)
      }
      open = start + 1
    }
    return nil
  }

  /// The phrase listed first among those in `bytes`, where it first
  /// occurs, and its index in `phrases`: one pass, however many phrases.
  private static func firstPhrase(in bytes: [UInt8]) -> (Range<Int>, Int)? {
    // Phrases listed from `best` on can no longer win.
    var best = (range: 0..<0, index: phrases.count)
    // The `.env` bit is never below `best.index`: phrases only.
    needleBytes.withUnsafeBufferPointer { masks in
      bytes.withUnsafeBufferPointer { text in
        for start in text.indices {
          if best.index == 0 { break }
          let below = UInt32(truncatingIfNeeded: (UInt64(1) << best.index) - 1)
          var candidates = masks[Int(text[start])] & below
          while candidates != 0 {
            let index = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            let phrase = phraseBytes[index]
            let end = start + phrase.count
            if end <= text.count, text[start..<end].elementsEqual(phrase) {
              best = (start..<end, index)
              break
            }
          }
        }
      }
    }
    return best.index < phrases.count ? best : nil
  }

  /// `.env` as a file name, not as part of a word such as `.environment`.
  private static func dotEnvRange(in bytes: [UInt8]) -> Range<Int>? {
    var search = 0
    while let range = firstRange(of: dotEnv, in: bytes, from: search) {
      let wordBefore = range.lowerBound > 0 && isWord(bytes[range.lowerBound - 1])
      let wordAfter = range.upperBound < bytes.count && isWord(bytes[range.upperBound])
      if !wordBefore, !wordAfter { return range }
      search = range.upperBound
    }
    return nil
  }

  /// Where `needle` first occurs in `bytes` at or after `start`.
  private static func firstRange(
    of needle: [UInt8], in bytes: [UInt8], from start: Int
  ) -> Range<Int>? {
    guard let first = needle.first, bytes.count >= needle.count else { return nil }
    var position = start
    let last = bytes.count - needle.count
    while position <= last {
      guard let candidate = bytes[position...last].firstIndex(of: first) else {
        return nil
      }
      if bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) {
        return candidate..<(candidate + needle.count)
      }
      position = candidate + 1
    }
    return nil
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "a") < 26
  }

  /// A letter or digit, ASCII or any byte of a multi-byte character.
  private static func isWord(_ byte: UInt8) -> Bool {
    isLetter(byte) || byte &- UInt8(ascii: "0") < 10 || byte >= 0x80
  }

  /// Byte offsets as indices of `text`; matches start and end on ASCII
  /// bytes, so they fall on character boundaries.
  private static func indices(_ range: Range<Int>, in text: String) -> Range<String.Index> {
    let utf8 = text.utf8
    let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
    return lower..<utf8.index(lower, offsetBy: range.count)
  }
}
