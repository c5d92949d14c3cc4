/// The first challenge of a `WWW-Authenticate` header: its scheme and the
/// parameters a person needs to get credentials (RFC 9110 section 11.6.1,
/// RFC 6750, RFC 9728's `resource_metadata`).
public struct AuthChallenge: Sendable, Equatable {
  /// `Bearer`, `Basic`, ...
  public var scheme: String
  public var realm: String?
  /// Where the protected resource's metadata lives (RFC 9728).
  public var resourceMetadata: String?
  public var scope: String?
  /// The `error` parameter (RFC 6750), e.g. `invalid_token`.
  public var error: String?

  /// Text put between an auth failure's message and its challenge, so the
  /// report can lift the challenge out of the message.
  public static let marker = "; WWW-Authenticate: "

  /// Parses the header; nil when it names no scheme.
  public init?(header: String) {
    var scanner = Scanner(Array(header.unicodeScalars))
    scanner.skipSpaces()
    let scheme = scanner.token()
    guard !scheme.isEmpty else { return nil }
    self.scheme = scheme

    while true {
      scanner.skip { $0 == " " || $0 == "," || $0 == "\t" }
      let name = scanner.token().lowercased()
      guard !name.isEmpty else { break }
      scanner.skipSpaces()
      // A bare token after the parameters starts the next challenge.
      guard scanner.take("=") else { break }
      scanner.skipSpaces()
      let value = scanner.peek == "\"" ? scanner.quoted() : scanner.token()
      switch name {
      case "realm": realm = realm ?? value
      case "resource_metadata": resourceMetadata = resourceMetadata ?? value
      case "scope": scope = scope ?? value
      case "error": error = error ?? value
      default: break
      }
    }
  }

  /// `Bearer realm="x", resource_metadata="...", scope="..."`, with only
  /// the parameters that were present.
  public var summary: String {
    let parameters: [(String, String?)] = [
      ("realm", realm), ("resource_metadata", resourceMetadata),
      ("scope", scope), ("error", error),
    ]
    let shown = parameters.compactMap { name, value in
      value.map { "\(name)=\"\(Self.clean($0))\"" }
    }
    return ([scheme] + [shown.joined(separator: ", ")])
      .filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// The challenge summary an `.authRequired` message carries, if any.
  public static func recorded(in message: String) -> String? {
    guard let range = message.ranges(of: marker).last else { return nil }
    let summary = message[range.upperBound...]
    return summary.isEmpty ? nil : String(summary)
  }

  /// A value with quotes and control characters removed, kept short.
  private static func clean(_ value: String) -> String {
    let kept = value.unicodeScalars.filter {
      $0 != "\"" && $0 != "\\" && $0.value >= 0x20 && $0.value != 0x7F
    }
    return String(String.UnicodeScalarView(kept.prefix(300)))
  }

  /// Walks the header's characters.
  private struct Scanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) {
      self.scalars = scalars
    }

    var peek: Unicode.Scalar? {
      index < scalars.count ? scalars[index] : nil
    }

    mutating func skip(while test: (Unicode.Scalar) -> Bool) {
      while let next = peek, test(next) { index += 1 }
    }

    mutating func skipSpaces() {
      skip { $0 == " " || $0 == "\t" }
    }

    mutating func take(_ scalar: Unicode.Scalar) -> Bool {
      guard peek == scalar else { return false }
      index += 1
      return true
    }

    /// An RFC 9110 token (token68 characters included).
    mutating func token() -> String {
      var text = String.UnicodeScalarView()
      while let next = peek, Self.isTokenCharacter(next) {
        text.append(next)
        index += 1
      }
      return String(text)
    }

    /// A quoted string without its quotes, escapes resolved.
    mutating func quoted() -> String {
      var text = String.UnicodeScalarView()
      index += 1
      while let next = peek {
        index += 1
        if next == "\"" { break }
        if next == "\\", let escaped = peek {
          text.append(escaped)
          index += 1
        } else {
          text.append(next)
        }
      }
      return String(text)
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
      if scalar.properties.isAlphabetic && scalar.isASCII { return true }
      if ("0"..."9").contains(scalar) { return true }
      return "!#$%&'*+-.^_`|~/".unicodeScalars.contains(scalar)
    }
  }
}
