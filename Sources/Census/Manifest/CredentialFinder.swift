/// A credential written literally in an argument or a url.
struct LiteralCredential: Equatable {
  /// Which argument holds it; 0 for a lone text such as a url.
  var index: Int
  /// Where in that text the value is; its bounds fall on Unicode scalars,
  /// not always on Characters.
  var range: Range<String.Index>
  /// What it looks like, never the value: `--password=…, 20 characters`.
  var hint: String
  /// What names it (`password`, `API_KEY`, `url password`), for a
  /// variable `import` moves it to; nil when only its shape gave it away.
  var stem: String?

  /// The credential's text in `text`, the text it was found in, cut at
  /// scalars (a String subscript would round to Characters).
  func value(in text: String) -> String {
    String(text.unicodeScalars[range])
  }
}

/// Finds credentials by where they sit in a command line or a url:
/// - the value of an option or assignment named like a credential
///   (`CredentialName`): `--password=…`, `--api-key …` (the next
///   argument), `API_KEY=…`;
/// - a header given as an argument, `Authorization: Bearer …` (after
///   `--header` or `-H`, as `mcp-remote` takes them): the value after the
///   scheme word;
/// - the password of a url's userinfo (`postgresql://admin:…@db/prod`),
///   or its user name when that is a token (`https://ghp_…@github.com`);
/// - the value of a query parameter named like a credential: `?key=…`;
/// - an argument, or its value after `=`, shaped like a token (`ghp_…`).
///
/// A named value counts from 8 characters, as under `env`, and never when
/// it is a path, a number or a url (whose own parts are then looked at).
enum CredentialFinder {
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
      if let header = header(argument, index: index) {
        found.append(header)
        continue
      }
      if let (name, value) = assignment(argument),
        CredentialName.isCredential(name), isNamedValue(value)
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

  /// The password (or token user name) and the credential query values
  /// of a url in `text`.
  static func inText(_ text: String, index: Int = 0) -> [LiteralCredential] {
    guard let parts = URLAuthority(text) else { return [] }
    var found: [LiteralCredential] = []
    if let password = parts.password, !password.isEmpty {
      found.append(LiteralCredential(
        index: index, range: password.startIndex..<password.endIndex,
        hint: "url password, \(password.unicodeScalars.count) characters",
        stem: "url password"))
    } else if let user = parts.user, SecretShape.isTokenUser(user) {
      found.append(LiteralCredential(
        index: index, range: user.startIndex..<user.endIndex,
        hint: "url user name shaped like a token, "
          + "\(user.unicodeScalars.count) characters",
        stem: "url token"))
    }

    let path = parts.rest.unicodeScalars
    guard let question = path.firstIndex(of: "?") else { return found }
    let query = path[path.index(after: question)...].prefix { $0 != "#" }
    for pair in query.split(separator: "&") {
      guard let equals = pair.firstIndex(of: "=") else { continue }
      let name = String(pair[..<equals])
      let value = Substring(pair[pair.index(after: equals)...])
      let decoded = Manifest.percentDecoded(String(value)) ?? String(value)
      guard CredentialName.isCredential(name), isNamedValue(decoded[...])
      else { continue }
      found.append(LiteralCredential(
        index: index, range: value.startIndex..<value.endIndex,
        hint: "query \(name)=…, \(value.count) characters", stem: name))
    }
    return found
  }

  /// `Authorization: Bearer …` (or `--header=Authorization: …`), a header
  /// whose name says it holds a credential: the value, after a `Bearer`,
  /// `Basic` or `Token` scheme word, which stays.
  private static func header(_ argument: String, index: Int) -> LiteralCredential? {
    let field = argument.trimmingPrefix("--header=")
    guard let colon = field.firstIndex(of: ":") else { return nil }
    let name = String(field[..<colon])
    guard HTTPHeaderField.isName(name), CredentialName.isCredential(name)
    else { return nil }
    var value = field[field.index(after: colon)...].drop { $0 == " " }
    if let (_, credential) = SecretShape.scheme(of: value) {
      value = credential.drop { $0 == " " }
    }
    guard SecretShape.hint(String(value), namedAsSecret: true) != nil,
      !value.contains(" ")
    else { return nil }
    let shown = argument[..<value.startIndex]
    return LiteralCredential(
      index: index, range: value.startIndex..<value.endIndex,
      hint: "\(shown)…, \(value.count) characters", stem: name)
  }

  /// The name of `--name`, an option whose value is the next argument,
  /// when it names a credential.
  private static func separateOption(_ argument: String) -> String? {
    guard argument.hasPrefix("--"), !argument.contains("=") else { return nil }
    let name = String(argument.dropFirst(2))
    return CredentialName.isCredential(name) ? name : nil
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
  /// space, and not a path, a number or a url.
  private static func isNamedValue(_ value: Substring) -> Bool {
    guard !CredentialName.isPathOrNumber(value), !value.hasPrefix("~"),
      !value.contains("://")
    else { return false }
    return SecretShape.hint(String(value), namedAsSecret: true) != nil
  }
}
