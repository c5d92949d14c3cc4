/// Every tool name of a job and the first server offering it, so that a
/// check can find other servers' tool names in a text with one pass over
/// its words, instead of searching it once per tool of every other server
/// (which grew with the square of the job's size).
struct ToolNameIndex {
  /// Where a name is first offered: the server's index in the report
  /// and the tool's position in that server's tools, the order the check
  /// reports in.
  struct Owner: Comparable {
    var server: Int
    var tool: Int

    static func < (lhs: Owner, rhs: Owner) -> Bool {
      (lhs.server, lhs.tool) < (rhs.server, rhs.tool)
    }
  }

  /// A name found in a text as a whole word, and where.
  struct Match {
    var name: String
    var owner: Owner
    var range: Range<String.Index>
  }

  private var owners: [String: Owner] = [:]
  /// Names by the word they start with; a name that is one word is under
  /// itself, "files.read" is under "files".
  private var byLeadingWord: [String: [String]] = [:]
  /// Names that start with a character no word holds; searched directly.
  private var unusual: [String] = []

  /// Indexes the tool names of `servers` that have `minimumLength`
  /// characters or more.
  init<Servers: Collection<ServerRecord>>(
    _ servers: Servers, minimumLength: Int = 4
  ) where Servers.Index == Int {
    for (server, record) in zip(servers.indices, servers) {
      let tools = record.discovery.items(.tools)
      for (tool, item) in tools.enumerated() {
        let name = Fingerprint.identifier(item, kind: .tools)
        guard name.count >= minimumLength, owners[name] == nil else {
          continue
        }
        owners[name] = Owner(server: server, tool: tool)
        if let first = Self.words(in: name).first,
          first.lowerBound == name.startIndex
        {
          byLeadingWord[String(name[first]), default: []].append(name)
        } else {
          unusual.append(name)
        }
      }
    }
  }

  /// Whether some indexed name is not among `own`.
  func hasForeignNames(besides own: Set<String>) -> Bool {
    owners.count > own.count(where: { owners[$0] != nil })
  }

  /// The name, not among `own`, that comes first in owner order among
  /// those `text` holds as whole words, with its first such place.
  func firstForeign(in text: String, own: Set<String>) -> Match? {
    var best: Match?
    func consider(_ name: String, _ range: Range<String.Index>) {
      guard !own.contains(name), let owner = owners[name] else { return }
      if let best, best.owner <= owner { return }
      best = Match(name: name, owner: owner, range: range)
    }

    for word in Self.words(in: text) {
      guard let names = byLeadingWord[String(text[word])] else { continue }
      for name in names {
        if let range = Self.wholeName(name, at: word, in: text) {
          consider(name, range)
        }
      }
    }
    for name in unusual {
      if let range = CrossServerReferenceCheck.wholeWord(name, in: text) {
        consider(name, range)
      }
    }
    return best
  }

  /// `name` starting at `word` and ending where a word could not go on.
  private static func wholeName(
    _ name: String, at word: Range<String.Index>, in text: String
  ) -> Range<String.Index>? {
    let rest = text[word.lowerBound...]
    guard rest.starts(with: name) else { return nil }
    let end = text.index(word.lowerBound, offsetBy: name.count)
    if end < text.endIndex, isNameCharacter(text[end]) { return nil }
    return word.lowerBound..<end
  }

  /// The maximal runs of name characters in `text`.
  static func words(in text: String) -> [Range<String.Index>] {
    var words: [Range<String.Index>] = []
    var start = text.startIndex
    while start < text.endIndex {
      guard isNameCharacter(text[start]) else {
        start = text.index(after: start)
        continue
      }
      var end = text.index(after: start)
      while end < text.endIndex, isNameCharacter(text[end]) {
        end = text.index(after: end)
      }
      words.append(start..<end)
      start = end
    }
    return words
  }

  /// Letters, digits, "_" and "-": what may touch a name in a whole word.
  static func isNameCharacter(_ character: Character) -> Bool {
    character.isLetter || character.isNumber || character == "_"
      || character == "-"
  }
}
