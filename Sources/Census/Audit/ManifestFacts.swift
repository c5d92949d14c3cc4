import Glibc

/// What the audit needs to know about a server's manifest entry, worked
/// out at run time (when the interpolated values are known) and kept in
/// the report, so `mcp-census audit` can check a saved report offline.
///
/// Holds no secret: only where a literal credential sits and a hint.
public struct ManifestFacts: Sendable, Equatable {
  /// The url is `http://` to a host that is not loopback.
  public var plaintextHTTP = false
  public var literalSecrets: [LiteralSecret] = []

  public init(plaintextHTTP: Bool = false, literalSecrets: [LiteralSecret] = []) {
    self.plaintextHTTP = plaintextHTTP
    self.literalSecrets = literalSecrets
  }
}

/// A credential-looking value written literally in the manifest.
public struct LiteralSecret: Sendable, Equatable {
  /// `headers.Authorization`, `env.API_KEY`, `args[2]`.
  public var location: String
  /// What it looks like, never the value: `sk-…, 51 characters`.
  public var hint: String

  public init(location: String, hint: String) {
    self.location = location
    self.hint = hint
  }
}

extension ManifestFacts {
  /// The facts of one entry. `secrets` are the values interpolated from
  /// the environment: a value holding one was written as `${VAR}`.
  public init(_ spec: ServerSpec, secrets: Set<String>) {
    self.init()
    let interpolated = secrets.filter { $0.count >= Redactor.minimumLength }
    func isLiteral(_ value: String) -> Bool {
      !interpolated.contains { value.contains($0) }
    }

    switch spec.endpoint {
    case .http(let url, _, let headers):
      plaintextHTTP = Self.isPlaintextRemote(url)
      for credential in CredentialFinder.inText(url)
      where isLiteral(credential.value(in: url)) {
        literalSecrets.append(LiteralSecret(location: "url", hint: credential.hint))
      }
      for (name, value) in headers.sorted(by: { $0.key < $1.key })
      where isLiteral(value) {
        let byName = CredentialName.isCredential(name)
        if let hint = SecretShape.hint(value, namedAsSecret: byName) {
          literalSecrets.append(LiteralSecret(location: "headers.\(name)", hint: hint))
        }
      }
    case .stdio(let launch):
      for (name, value) in launch.env.sorted(by: { $0.key < $1.key })
      where isLiteral(value) {
        let byName = CredentialName.isCredential(name)
        let hint = SecretShape.hint(value, namedAsSecret: byName)
          ?? CredentialFinder.inText(value).first {
            isLiteral($0.value(in: value))
          }?.hint
        if let hint {
          literalSecrets.append(LiteralSecret(location: "env.\(name)", hint: hint))
        }
      }
      for credential in CredentialFinder.inArguments(launch.args) {
        let argument = launch.args[credential.index]
        guard isLiteral(credential.value(in: argument)) else { continue }
        literalSecrets.append(LiteralSecret(
          location: "args[\(credential.index)]", hint: credential.hint))
      }
    }
  }

  /// `http://` to anything but localhost, 127.x, ::1.
  static func isPlaintextRemote(_ url: String) -> Bool {
    guard let parts = URLAuthority(url: url), parts.scheme.lowercased() == "http"
    else { return false }
    var name = parts.host
    if name.hasPrefix("["), name.hasSuffix("]") {
      name = name.dropFirst().dropLast()
    }
    let lowered = name.lowercased()
    let loopback = lowered == "localhost" || lowered.hasSuffix(".localhost")
      || lowered.hasPrefix("127.") || lowered == "::1"
    return !loopback
  }
}

/// Recognises values shaped like credentials, without keeping them.
enum SecretShape {
  /// Prefixes of well-known token formats.
  static let prefixes = [
    "sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxb-",
    "xoxp-", "xoxa-", "xoxs-", "xox", "glpat-", "AKIA", "AIza", "hf_",
    "sk_live_", "rk_live_", "npm_",
  ]

  /// The `Authorization`-style scheme word `value` starts with, in any
  /// case (as spelled here: `Bearer `), and the credential after it.
  static func scheme(of value: Substring) -> (word: String, credential: Substring)? {
    let word = ["Bearer ", "Basic ", "Token "].first {
      value.prefix($0.count).lowercased() == $0.lowercased()
    }
    return word.map { ($0, value.dropFirst($0.count)) }
  }

  /// A hint for `value` if it looks like a credential, else nil.
  /// - Parameter namedAsSecret: its key says it is one (`API_KEY`,
  ///   `Authorization`), so a long enough value of any shape counts.
  static func hint(_ value: String, namedAsSecret: Bool) -> String? {
    let trimmed = value.trimmingPrefix(" ")
    let length = "\(trimmed.count) characters"
    if let (word, credential) = scheme(of: trimmed) {
      guard credential.count >= 8 else { return nil }
      return "\(word)…, \(credential.count) characters"
    }
    if let prefix = prefixes.first(where: { trimmed.hasPrefix($0) }),
      trimmed.count >= prefix.count + 8
    {
      return "\(prefix)…, \(length)"
    }
    if isHighEntropy(String(trimmed)) {
      return "…, \(length), random-looking"
    }
    if namedAsSecret, trimmed.count >= 8, !trimmed.contains(" ") {
      return "…, \(length)"
    }
    return nil
  }

  /// A url's user name that is a token, as in `https://TOKEN@github.com`:
  /// shaped like a credential, or 12 or more letters and digits (and
  /// `-_`) with lowercase, uppercase and digits all present, which names
  /// such as `admin`, `deploy-bot` or `svc_reports2` are not.
  static func isTokenUser(_ user: Substring) -> Bool {
    if hint(String(user), namedAsSecret: false) != nil { return true }
    let scalars = user.unicodeScalars
    let allowed = scalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0)
        || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
    }
    return allowed && scalars.count >= 12
      && scalars.contains { ("a"..."z").contains($0) }
      && scalars.contains { ("A"..."Z").contains($0) }
      && scalars.contains { ("0"..."9").contains($0) }
  }

  /// 24 or more characters of letters and digits (and `-_+=.`), both
  /// present, with at least 3.5 bits of entropy per character. Paths
  /// (with `/`) are left alone.
  static func isHighEntropy(_ text: String) -> Bool {
    guard text.count >= 24 else { return false }
    let allowed = text.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          || "-_+=.".unicodeScalars.contains(scalar))
    }
    guard allowed, text.contains(where: \.isNumber),
      text.contains(where: \.isLetter)
    else { return false }
    var counts: [Character: Int] = [:]
    for character in text { counts[character, default: 0] += 1 }
    let total = Double(text.count)
    let entropy = counts.values.reduce(0.0) { sum, count in
      let share = Double(count) / total
      return sum - share * log2(share)
    }
    return entropy >= 3.5
  }
}
