extension Manifest {
  /// Every value to mask in every output: values interpolated from the
  /// environment, every header value, `env` values whose names say they
  /// are credentials or that look like one, credentials written in
  /// arguments and urls (`--password …`, `API_KEY=…`, a url's password or
  /// `?api_key=…`, token-shaped values), and the Basic credential an HTTP
  /// client makes of a url's `user:password`.
  public var secretValues: Set<String> {
    var values = secrets
    for server in servers {
      switch server.endpoint {
      case .stdio(let launch):
        for (name, value) in launch.env {
          if Redactor.looksSecret(name: name)
            || SecretShape.hint(value, namedAsSecret: false) != nil
          {
            values.insert(value)
          }
          values.formUnion(Self.credentialValues(in: [value], urls: true))
        }
        values.formUnion(Self.credentialValues(in: launch.args, urls: false))
      case .http(let url, _, let headers):
        values.formUnion(headers.values)
        values.formUnion(Self.credentials(in: url))
        values.formUnion(Self.credentialValues(in: [url], urls: true))
      }
    }
    return values
  }

  /// The credentials `CredentialFinder` sees in `texts`, as written and
  /// percent-decoded (a server may print either).
  /// - Parameter urls: read each text only as a url, not as an argument.
  private static func credentialValues(
    in texts: [String], urls: Bool
  ) -> Set<String> {
    let found = urls
      ? texts.enumerated().flatMap { CredentialFinder.inText($1, index: $0) }
      : CredentialFinder.inArguments(texts)
    var values: Set<String> = []
    for credential in found {
      let value = String(texts[credential.index][credential.range])
      values.insert(value)
      if let decoded = percentDecoded(value) { values.insert(decoded) }
    }
    return values
  }

  /// The password in a URL's userinfo (as written and percent-decoded),
  /// and the Basic credential an HTTP client makes of `user:password`.
  /// Read by hand rather than by libcurl's parser, so that a URL libcurl
  /// would refuse (a port past 65535, a broken IPv6 host) still has its
  /// password masked, and reading a manifest never loads libcurl.
  static func credentials(in url: String) -> [String] {
    guard let (user, password) = userinfo(in: url), !password.isEmpty
    else { return [] }
    let decoded = percentDecoded(password) ?? password
    let basic = base64(Array(((percentDecoded(user) ?? user) + ":" + decoded).utf8))
    var seen = Set<String>()
    return [decoded, password, basic].filter { seen.insert($0).inserted }
  }

  /// The raw user and password between `://` and the last `@` of the
  /// authority, without any other check of the URL.
  static func userinfo(in url: String) -> (String, String)? {
    let bytes = Array(url.utf8)
    let marker = Array("://".utf8)
    guard let start = bytes.indices.first(where: {
      bytes[$0...].starts(with: marker)
    }) else { return nil }
    let rest = bytes[(start + marker.count)...]
    let authority = rest.prefix { !"/?#".utf8.contains($0) }
    guard let at = authority.lastIndex(of: UInt8(ascii: "@")) else { return nil }
    let info = authority[..<at]
    guard let colon = info.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    return (
      String(decoding: info[..<colon], as: UTF8.self),
      String(decoding: info[(colon + 1)...], as: UTF8.self)
    )
  }

  /// `%XX` escapes decoded; nil when one is malformed or the result is
  /// not UTF-8.
  static func percentDecoded(_ text: String) -> String? {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        continue
      }
      guard let high = iterator.next(), let low = iterator.next(),
        let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
      else { return nil }
      bytes.append(value)
    }
    return String(validating: bytes, as: UTF8.self)
  }

  /// Standard base64 with padding (RFC 4648 section 4).
  static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array(
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var text: [UInt8] = []
    for start in stride(from: 0, to: bytes.count, by: 3) {
      let group = bytes[start..<min(start + 3, bytes.count)]
      let value = group.enumerated().reduce(0) { sum, item in
        sum | Int(item.element) << (16 - 8 * item.offset)
      }
      for index in 0..<4 {
        let digit = alphabet[(value >> (18 - 6 * index)) & 0x3F]
        text.append(index <= group.count ? digit : UInt8(ascii: "="))
      }
    }
    return String(decoding: text, as: UTF8.self)
  }
}
