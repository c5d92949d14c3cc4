/// Checks a server's `url` when the manifest is read, so that a url
/// libcurl would refuse (a port past 65535, an IPv6 host left open) is a
/// manifest error that says what is wrong, not a connection failure
/// retried at run time. Read by hand, as `Manifest.credentials(in:)` is:
/// reading a manifest never loads libcurl.
enum EndpointURL {
  /// What is wrong with `url` for an MCP endpoint, or nil when nothing is.
  /// The sentence quotes no part of the url, whose userinfo, host or
  /// query may hold a secret.
  static func problem(_ url: String) -> String? {
    let lowered = url.lowercased()
    guard let scheme = ["http://", "https://"].first(where: lowered.hasPrefix)
    else { return schemeProblem(url) }
    if url.unicodeScalars.contains(where: isSpaceOrControl) {
      return "expected a url without spaces or control characters "
        + "(write a space as %20)"
    }

    let rest = url.dropFirst(scheme.count)
    let authority = rest.prefix { !"/?#".contains($0) }
    var hostAndPort = authority
    if let at = authority.lastIndex(of: "@") {
      hostAndPort = authority[authority.index(after: at)...]
    }
    guard !hostAndPort.isEmpty else { return "expected a url with a host name" }
    if hostAndPort.first == "[" {
      return bracketedProblem(hostAndPort.dropFirst())
    }

    if hostAndPort.count(where: { $0 == ":" }) > 1 {
      return "the host has more than one ':'; an IPv6 address goes in "
        + "brackets, as in http://[::1]:8080/mcp"
    }
    let host = hostAndPort.prefix { $0 != ":" }
    let port = hostAndPort.dropFirst(host.count)
    if host.isEmpty { return "expected a url with a host name" }
    if !host.unicodeScalars.allSatisfy(isHostScalar) {
      return "expected a host name of letters, digits, '-' and '.'"
    }
    return port.isEmpty ? nil : portProblem(port.dropFirst())
  }

  /// After `[`: an IPv6 address, `]`, then maybe `:` and a port.
  private static func bracketedProblem(_ text: Substring) -> String? {
    guard let close = text.firstIndex(of: "]") else {
      return "the IPv6 address opened with '[' is not closed with ']'"
    }
    let address = text[..<close].prefix { $0 != "%" }
    let isAddress = address.contains(":") && address.unicodeScalars.allSatisfy {
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

  private static func portProblem(_ port: Substring) -> String? {
    guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      return "expected a port number from 1 to 65535 after ':'"
    }
    guard let number = Int(port), (1...65535).contains(number) else {
      return "the port is out of range: ports go from 1 to 65535"
    }
    return nil
  }

  /// Names the scheme found, which holds no secret, when there is one.
  private static func schemeProblem(_ url: String) -> String {
    let expected = "expected an http:// or https:// url"
    let scheme = url.prefix { $0 != ":" }
    let isScheme = scheme.count < url.count && scheme.count <= 16
      && scheme.first?.isLetter == true
      && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    return isScheme ? "\(expected), found the scheme '\(scheme)'" : expected
  }

  private static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value <= 0x20 || (0x7F...0x9F).contains(scalar.value)
      || scalar.properties.isWhitespace
  }

  /// Letters, digits, `-._~`, `%` escapes, sub-delimiters (RFC 3986
  /// reg-name), and any non-ASCII letter for internationalised names.
  private static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
    guard scalar.isASCII else { return scalar.properties.isAlphabetic }
    return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
      || "-._~%!$&'()*+,;=".unicodeScalars.contains(scalar)
  }
}
