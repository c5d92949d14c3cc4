/// Checks a server's `url` when the manifest is read, so that a url
/// libcurl would refuse (a port past 65535, an IPv6 host left open) is a
/// manifest error that says what is wrong, not a connection failure
/// retried at run time. Read by hand, with `URLAuthority`, as
/// `Manifest.secretValues` is: reading a manifest never loads libcurl.
enum EndpointURL {
  /// What is wrong with `url` for an MCP endpoint, or nil when nothing is.
  /// The sentence quotes no part of the url, whose userinfo, host or
  /// query may hold a secret, but the scheme of a url written literally.
  /// - Parameter literal: the url is as the manifest wrote it, not the
  ///   result of `${...}` expansion, whose every part may be a secret.
  static func problem(_ url: String, literal: Bool) -> String? {
    guard let parts = URLAuthority(url: url),
      ["http", "https"].contains(parts.scheme.lowercased())
    else { return schemeProblem(url, literal: literal) }
    if url.unicodeScalars.contains(where: isSpaceOrControl) {
      return "expected a url without spaces or control characters "
        + "(write a space as %20)"
    }

    let hostAndPort = parts.hostAndPort.unicodeScalars
    guard !hostAndPort.isEmpty else { return "expected a url with a host name" }
    if hostAndPort.first == "[" {
      return bracketedProblem(hostAndPort.dropFirst())
    }
    if hostAndPort.count(where: { $0 == ":" }) > 1 {
      return "the host has more than one ':'; an IPv6 address goes in "
        + "brackets, as in http://[::1]:8080/mcp"
    }
    if parts.host.isEmpty { return "expected a url with a host name" }
    if !parts.host.unicodeScalars.allSatisfy(isHostScalar) {
      return "expected a host name of letters, digits, '-' and '.'"
    }
    return parts.port.flatMap { portProblem($0.unicodeScalars) }
  }

  /// After `[`: an IPv6 address, `]`, then maybe `:` and a port.
  private static func bracketedProblem(
    _ text: Substring.UnicodeScalarView
  ) -> String? {
    guard let close = text.firstIndex(of: "]") else {
      return "the IPv6 address opened with '[' is not closed with ']'"
    }
    let address = text[..<close].prefix { $0 != "%" }
    let isAddress = address.contains(":") && address.allSatisfy {
      $0 == ":" || $0 == "." || $0.properties.isASCIIHexDigit
    }
    guard isAddress else {
      return "expected an IPv6 address between '[' and ']', as in [::1]"
    }
    let after = text[text.index(after: close)...]
    if after.isEmpty { return nil }
    guard after.first == ":" else {
      return "expected ':' and a port, or nothing, after the IPv6 address"
    }
    return portProblem(after.dropFirst())
  }

  /// An empty port is the scheme's default (RFC 3986 section 3.2.3).
  private static func portProblem(
    _ port: Substring.UnicodeScalarView
  ) -> String? {
    if port.isEmpty { return nil }
    guard port.allSatisfy({ ("0"..."9").contains($0) }) else {
      return "expected a port number from 1 to 65535 after ':'"
    }
    guard let number = Int(String(port)), (1...65535).contains(number) else {
      return "the port is out of range: ports go from 1 to 65535"
    }
    return nil
  }

  /// Names the scheme found, which holds no secret, when the url was
  /// written literally and the scheme is followed by `://`: `localhost`
  /// in `localhost:8080/mcp` is no scheme, and any part of an expanded
  /// url may be a secret (`tok3nvalue` in `tok3nvalue:abc@host/mcp`).
  private static func schemeProblem(_ url: String, literal: Bool) -> String {
    guard literal, let parts = URLAuthority(url: url)
    else { return "expected a url that starts with http:// or https://" }
    let scheme = parts.scheme.unicodeScalars
    let isScheme = (1...16).contains(scheme.count)
      && scheme.first?.properties.isAlphabetic == true
      && scheme.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
          || "+-.".unicodeScalars.contains($0))
      }
    let expected = "expected an http:// or https:// url"
    return isScheme ? "\(expected), found the scheme '\(parts.scheme)'" : expected
  }

  private static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isControlCharacter || scalar.properties.isWhitespace
  }

  /// Letters, digits, `-._~`, `%` escapes, sub-delimiters (RFC 3986
  /// reg-name), and any non-ASCII letter for internationalised names.
  private static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
    guard scalar.isASCII else { return scalar.properties.isAlphabetic }
    return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
      || "-._~%!$&'()*+,;=".unicodeScalars.contains(scalar)
  }
}
