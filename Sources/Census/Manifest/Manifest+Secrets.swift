extension Manifest {
  /// Every value to mask in every output: values interpolated from the
  /// environment, every header value, `env` values whose names say they
  /// are credentials or that look like one, credentials written in
  /// arguments and urls (`--password …`, `API_KEY=…`, `Authorization:
  /// Bearer …`, a url's password or token user name, `?api_key=…`,
  /// token-shaped values), and the Basic credential an HTTP client makes
  /// of a url's userinfo.
  public var secretValues: Set<String> {
    var values = secrets
    for server in servers {
      switch server.endpoint {
      case .stdio(let launch):
        for (name, value) in launch.env {
          if CredentialName.isCredential(name)
            || SecretShape.hint(value, namedAsSecret: false) != nil
          {
            values.insert(value)
          }
          values.formUnion(Self.credentialValues(in: [value], urls: true))
        }
        values.formUnion(Self.credentialValues(in: launch.args, urls: false))
      case .http(let url, _, let headers):
        values.formUnion(headers.values)
        values.formUnion(Self.credentialValues(in: [url], urls: true))
        values.formUnion(Self.basicCredential(in: url))
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
      let value = credential.value(in: texts[credential.index])
      values.insert(value)
      if let decoded = percentDecoded(value) { values.insert(decoded) }
    }
    return values
  }

  /// The Basic credential an HTTP client makes of a url's `user:password`
  /// (or `user:` for a token user name), when the url holds either.
  /// Read by hand with `URLAuthority` rather than by libcurl's parser, so
  /// that a URL libcurl would refuse (a port past 65535, a broken IPv6
  /// host) is masked too, and reading a manifest never loads libcurl.
  static func basicCredential(in url: String) -> [String] {
    guard let parts = URLAuthority(url), let user = parts.user,
      !(parts.password ?? "").isEmpty || SecretShape.isTokenUser(user)
    else { return [] }
    let password = parts.password ?? ""
    let pair = (percentDecoded(String(user)) ?? String(user)) + ":"
      + (percentDecoded(String(password)) ?? String(password))
    return [base64(Array(pair.utf8))]
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
