import Foundation

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
    guard let parts = URLComponents(string: url), let password = parts.password,
      !password.isEmpty
    else { return [] }
    let pair = (parts.user ?? "") + ":" + password
    let percentEncoded = parts.percentEncodedPassword ?? password
    return [password, percentEncoded, Data(pair.utf8).base64EncodedString()]
  }
}
