import CCurl

/// An absolute `http` or `https` URL with a host, parsed and normalised by
/// libcurl's URL API, the parser the requests themselves go through.
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
  /// The whole URL as libcurl writes it.
  public let string: String

  /// Parses `text`; nil unless it is an absolute http(s) URL with a host.
  public init?(_ text: String) {
    guard let parts = CurlURL(text), let url = Self(parts) else { return nil }
    self = url
  }

  /// Resolves `reference` (a `Location` header, an SSE `endpoint`), which
  /// may be relative, against `base`; nil unless the result is http(s).
  public init?(resolving reference: String, against base: HTTPURL) {
    guard let parts = CurlURL(base.string), parts.set(.url, to: reference),
      let url = Self(parts)
    else { return nil }
    self = url
  }

  private init?(_ parts: CurlURL) {
    let scheme = parts.get(.scheme)?.lowercased()
    guard scheme == "http" || scheme == "https", parts.get(.host) != nil,
      let string = parts.get(.url)
    else { return nil }
    self.string = string
  }

  public var description: String { string }

  /// Scheme, host and port, the default port filled in.
  var origin: Origin {
    let parts = CurlURL(string)
    return Origin(
      scheme: parts?.get(.scheme)?.lowercased() ?? "",
      host: parts?.get(.host)?.lowercased() ?? "",
      port: parts?.get(.port, flags: CURLU_DEFAULT_PORT).flatMap { Int($0) }
        ?? 0)
  }

  /// `scheme://host:port/path`: enough to act on, without the user info,
  /// query and fragment that may hold secrets.
  var redacted: String {
    guard let parts = CurlURL(string) else { return "the URL" }
    for part in [CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_QUERY,
      CURLUPART_FRAGMENT]
    {
      _ = parts.set(CurlURL.Part(part), to: nil)
    }
    return parts.get(.url) ?? "the URL"
  }
}

/// Scheme, host and port: what a credential is bound to.
struct Origin: Equatable {
  var scheme: String
  var host: String
  var port: Int
}

/// One `CURLU` handle, freed with its owner.
final class CurlURL {
  private let handle: OpaquePointer

  /// A part of a URL, as libcurl names them.
  struct Part {
    let raw: CURLUPart

    init(_ raw: CURLUPart) {
      self.raw = raw
    }

    static let url = Part(CURLUPART_URL)
    static let scheme = Part(CURLUPART_SCHEME)
    static let user = Part(CURLUPART_USER)
    static let password = Part(CURLUPART_PASSWORD)
    static let host = Part(CURLUPART_HOST)
    static let port = Part(CURLUPART_PORT)
  }

  /// Parses `text` as an absolute URL of any scheme; nil when it is not.
  init?(_ text: String) {
    guard let handle = ccurl_url() else { return nil }
    self.handle = handle
    guard set(.url, to: text, flags: CURLU_NON_SUPPORT_SCHEME) else {
      return nil
    }
  }

  deinit {
    ccurl_url_cleanup(handle)
  }

  /// Sets a part; for `.url` a relative reference is resolved against the
  /// URL held. Nil removes the part.
  /// - Returns: whether libcurl accepted the value.
  @discardableResult
  func set(_ part: Part, to value: String?, flags: Int32 = 0) -> Bool {
    let code = if let value {
      ccurl_url_set(handle, part.raw, value, UInt32(flags))
    } else {
      ccurl_url_set(handle, part.raw, nil, UInt32(flags))
    }
    return code == CURLUE_OK
  }

  /// A part as text, nil when the URL has none.
  func get(_ part: Part, flags: Int32 = 0) -> String? {
    var text: UnsafeMutablePointer<CChar>?
    guard ccurl_url_get(handle, part.raw, &text, UInt32(flags)) == CURLUE_OK,
      let text
    else { return nil }
    defer { ccurl_free(text) }
    return String(cString: text)
  }
}
