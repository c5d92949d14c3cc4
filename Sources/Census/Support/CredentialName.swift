/// Judges names (options, variables, headers, query keys) by their words:
/// the one rule every place that asks "does this name hold a credential?"
/// uses, so masking, MCP011 and `import` always agree.
///
/// A name is split into words at `-`, `_`, `.`, other punctuation and
/// lower-to-upper case changes (`clientSecret`: client, secret). It names
/// a credential when its last word is or ends with a strong one
/// (`GITHUB_TOKEN`, `PGPASSWORD`, `Authorization`), or is a weak one
/// (`key`, `auth`, `pass`, `pwd`) after a word that is not a benign
/// qualifier (`OPENAI_API_KEY`, `SMTP_PASS`, `MYSQL_PWD`, but not
/// `--sort-key`, `--primary-key`, a lone `--auth` or the shell's `PWD`).
/// A name whose first word is `no` (`--no-auth`) never does.
enum CredentialName {
  /// Last words that name a credential on their own, or end one that
  /// does: `PGPASSWORD`, `GITHUBTOKEN`.
  static let strongWords: Set<String> = [
    "token", "secret", "password", "passwd", "passphrase", "credential",
    "credentials", "cookie", "apikey", "accesstoken", "authtoken",
    "authorization", "privatekey", "clientsecret",
  ]

  /// Last words that name a credential only after another word.
  static let weakWords: Set<String> = [
    "key", "auth", "pass", "pw", "pwd", "pat",
  ]

  /// Words before a weak one that make it name something else: a
  /// database key, a cache key, a public key, a limit.
  static let benignQualifiers: Set<String> = [
    "sort", "primary", "partition", "foreign", "cache", "group", "shard",
    "routing", "idempotency", "lookup", "row", "hash", "range", "unique",
    "index", "public", "pub", "max", "min", "composite", "dedup", "dedupe",
    "order", "secondary", "cluster", "distribution", "join", "map", "dict",
    "sharding", "bucket", "object", "message", "ordering",
  ]

  /// Whether `name` says its value is a credential.
  static func isCredential(_ name: String) -> Bool {
    let words = words(of: name)
    guard let last = words.last, words.first != "no" else { return false }
    if strongWords.contains(where: last.hasSuffix) { return true }
    guard weakWords.contains(last), words.count >= 2 else { return false }
    return !benignQualifiers.contains(words[words.count - 2])
  }

  /// Whether a value a credential's name points at is something else: a
  /// path (`keys/my.pem`, `file:secret.txt`, `C:\keys`) or a number
  /// (`--max-token 100000000`).
  static func isPathOrNumber(_ value: Substring) -> Bool {
    value.contains("/") || value.contains("\\") || value.hasPrefix("file:")
      || (!value.isEmpty && value.allSatisfy { $0.isASCII && $0.isNumber })
  }

  /// The lowercased ASCII words of `name`.
  private static func words(of name: String) -> [String] {
    var words: [String] = []
    var word = ""
    var afterLower = false
    for scalar in name.unicodeScalars {
      let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
      let isWordScalar = isLetter || ("0"..."9").contains(scalar)
      let isUpper = ("A"..."Z").contains(scalar)
      if !word.isEmpty, !isWordScalar || (isUpper && afterLower) {
        words.append(word)
        word = ""
      }
      afterLower = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
      if isWordScalar { word += String(scalar).lowercased() }
    }
    if !word.isEmpty { words.append(word) }
    return words
  }
}
