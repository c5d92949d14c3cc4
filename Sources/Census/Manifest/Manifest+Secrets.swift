import CCurl

extension Manifest {
  /// Every value to mask in every output: values interpolated from the
  /// environment, every header value, `env` values whose names say they
  /// are credentials or that look like one, credential-looking arguments,
  /// and the password of a URL (also as the Basic credential it becomes).
  public var secretValues: Set<String> {
    var values = secrets
    for server in servers {
      switch server.endpoint {
      case .stdio(let launch):
        for (name, value) in launch.env where Redactor.looksSecret(name: name)
          || SecretShape.hint(value, namedAsSecret: false) != nil
        {
          values.insert(value)
        }
        for argument in launch.args {
          let value = argument.split(separator: "=", maxSplits: 1).last
            .map(String.init) ?? argument
          if SecretShape.hint(value, namedAsSecret: false) != nil {
            values.insert(value)
          }
        }
      case .http(let url, _, let headers):
        values.formUnion(headers.values)
        values.formUnion(Self.credentials(in: url))
      }
    }
    return values
  }

  /// The password in a URL's userinfo, and the Basic credential an HTTP
  /// client makes of `user:password`.
  static func credentials(in url: String) -> [String] {
    guard let parts = CurlURL(url),
      let password = parts.get(.password, flags: CURLU_URLDECODE),
      !password.isEmpty
    else { return [] }
    let user = parts.get(.user, flags: CURLU_URLDECODE) ?? ""
    let percentEncoded = parts.get(.password) ?? password
    return [password, percentEncoded, base64(Array((user + ":" + password).utf8))]
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
