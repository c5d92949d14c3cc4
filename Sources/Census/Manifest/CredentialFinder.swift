/// A credential written literally in an argument or a url.
struct LiteralCredential: Equatable {
  /// Which argument holds it; 0 for a lone text such as a url.
  var index: Int
  /// Where in that text the value is.
  var range: Range<String.Index>
  /// What it looks like, never the value: `--password=…, 20 characters`.
  var hint: String
  /// What names it (`password`, `API_KEY`, `url password`), for a
  /// variable `import` moves it to; nil when only its shape gave it away.
  var stem: String?
}

/// Finds credentials by where they sit in a command line or a url:
/// - the value of an option or assignment named like a credential:
///   `--password=…`, `--api-key …` (the next argument), `API_KEY=…`;
/// - the password of a url's userinfo: `postgresql://admin:…@db/prod`;
/// - the value of a query parameter named like a credential: `?key=…`;
/// - an argument, or its value after `=`, shaped like a token (`ghp_…`).
///
/// A named value counts from 8 characters, as under `env`, and never when
/// it is a path or a url (whose own parts are then looked at).
enum CredentialFinder {
  /// Last words of a name that say it holds a credential: `--api-key`,
  /// `GITHUB_TOKEN`, `clientSecret`; not `--key-file` or `--max-tokens`.
  static let credentialWords: Set<String> = [
    "token", "secret", "password", "passwd", "passphrase", "pass", "pwd",
    "pw", "key", "apikey", "auth", "credential", "credentials", "cookie",
    "pat", "accesstoken", "authtoken",
  ]

  /// Every credential in a command line's arguments, in order.
  static func inArguments(_ arguments: [String]) -> [LiteralCredential] {
    var found: [LiteralCredential] = []
    for (index, argument) in arguments.enumerated() {
      let whole = argument.startIndex..<argument.endIndex
      if index > 0, let option = separateOption(arguments[index - 1]),
        !argument.hasPrefix("-"), isNamedValue(argument[...])
      {
        found.append(LiteralCredential(
          index: index, range: whole,
          hint: "\(arguments[index - 1]) …, \(argument.count) characters",
          stem: option))
        continue
      }
      if let (name, value) = assignment(argument), isCredentialName(name),
        isNamedValue(value)
      {
        let shown = argument[..<value.startIndex]
        found.append(LiteralCredential(
          index: index, range: value.startIndex..<value.endIndex,
          hint: "\(shown)…, \(value.count) characters", stem: name))
        continue
      }
      let inURL = inText(argument, index: index)
      if !inURL.isEmpty {
        found += inURL
        continue
      }
      let value = argument.firstIndex(of: "=").map {
        argument[argument.index(after: $0)...]
      } ?? argument[...]
      if let hint = SecretShape.hint(String(value), namedAsSecret: false) {
        found.append(LiteralCredential(
          index: index, range: value.startIndex..<value.endIndex, hint: hint,
          stem: nil))
      }
    }
    return found
  }

  /// The password and the credential query values of a url in `text`.
  static func inText(_ text: String, index: Int = 0) -> [LiteralCredential] {
    guard let separator = text.firstRange(of: "://") else { return [] }
    var found: [LiteralCredential] = []
    let rest = text[separator.upperBound...]
    let authority = rest.prefix { !"/?#".contains($0) }
    if let at = authority.lastIndex(of: "@"),
      let colon = authority[..<at].firstIndex(of: ":"),
      authority.index(after: colon) < at
    {
      let range = authority.index(after: colon)..<at
      found.append(LiteralCredential(
        index: index, range: range,
        hint: "url password, \(text[range].count) characters",
        stem: "url password"))
    }

    let path = rest[authority.endIndex...]
    guard let question = path.firstIndex(of: "?") else { return found }
    let query = path[path.index(after: question)...].prefix { $0 != "#" }
    for pair in query.split(separator: "&") {
      guard let equals = pair.firstIndex(of: "=") else { continue }
      let name = String(pair[..<equals])
      let value = pair[pair.index(after: equals)...]
      let decoded = Manifest.percentDecoded(String(value)) ?? String(value)
      guard isCredentialName(name), isNamedValue(decoded[...]) else { continue }
      found.append(LiteralCredential(
        index: index, range: value.startIndex..<value.endIndex,
        hint: "query \(name)=…, \(value.count) characters", stem: name))
    }
    return found
  }

  /// Whether the last word of `name` (split at `-`, `_`, `.` and
  /// lower-to-upper case changes) names a credential; `--no-auth` does not.
  static func isCredentialName(_ name: String) -> Bool {
    var words: [String] = []
    var word = ""
    var afterLower = false
    for character in name {
      let isWordCharacter = character.isASCII
        && (character.isLetter || character.isNumber)
      if !isWordCharacter || (character.isUppercase && afterLower),
        !word.isEmpty
      {
        words.append(word)
        word = ""
      }
      afterLower = isWordCharacter && character.isLowercase
      if isWordCharacter { word += character.lowercased() }
    }
    if !word.isEmpty { words.append(word) }
    guard words.first != "no", let last = words.last else { return false }
    return credentialWords.contains(last)
  }

  /// The name of `--name`, an option whose value is the next argument,
  /// when it names a credential.
  private static func separateOption(_ argument: String) -> String? {
    guard argument.hasPrefix("--"), !argument.contains("=") else { return nil }
    let name = String(argument.dropFirst(2))
    return isCredentialName(name) ? name : nil
  }

  /// `--name=value` or `NAME=value`: the name without its dashes, when it
  /// is a word such as options and variables have.
  private static func assignment(_ argument: String) -> (String, Substring)? {
    guard let equals = argument.firstIndex(of: "=") else { return nil }
    let name = argument[..<equals].drop { $0 == "-" }
    let isName = !name.isEmpty && name.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0))
    }
    guard isName else { return nil }
    return (String(name), argument[argument.index(after: equals)...])
  }

  /// A value a credential's name vouches for: 8 or more characters with no
  /// space, and not a path or a url.
  private static func isNamedValue(_ value: Substring) -> Bool {
    let isPath = ["/", "./", "../", "~/"].contains { value.hasPrefix($0) }
    guard !isPath, !value.contains("://") else { return false }
    return SecretShape.hint(String(value), namedAsSecret: true) != nil
  }
}
