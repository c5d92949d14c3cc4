import CCurl

/// Turns what went wrong on the wire into `TransportError`s whose messages
/// hold no secret: URLs lose their query and user info, bodies are cut
/// short and stripped of control characters, header values never appear.
enum HTTPFailure {
  /// Most characters of a body quoted in an error message.
  static let excerptLength = 200

  /// A libcurl failure (refused, reset, DNS, TLS, ...) as
  /// `.connectionFailed`, or `.timeout` when that is what it says.
  /// - Parameter detail: libcurl's error buffer; URLs in it are redacted.
  static func classify(_ code: CURLcode, detail: String) -> TransportError {
    var explanation = "curl error \(code.rawValue)"
    let words = redactingURLs(in: detail)
    if !words.isEmpty { explanation += ": " + words }
    if code == CURLE_OPERATION_TIMEDOUT {
      return TransportError(
        .timeout, "the HTTP request timed out (\(explanation))")
    }
    return TransportError(
      .connectionFailed, "\(summary(of: code)) (\(explanation))")
  }

  /// What a libcurl error code means for a person.
  private static func summary(of code: CURLcode) -> String {
    switch code {
    case CURLE_COULDNT_CONNECT:
      return "cannot reach the server: the connection was refused or the "
        + "host is unreachable"
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot reach the server: its host name does not resolve"
    case CURLE_COULDNT_RESOLVE_PROXY, CURLE_PROXY:
      return "cannot reach the server: the proxy failed"
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
      CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
      CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
      return "cannot reach the server: its TLS certificate was not accepted"
    case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
      return "cannot reach the server: the TLS handshake failed"
    case CURLE_GOT_NOTHING:
      return "the server closed the connection without answering"
    case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE,
      CURLE_HTTP2, CURLE_HTTP2_STREAM:
      return "the connection to the server broke"
    case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING:
      return "the server's answer is not valid HTTP"
    default:
      return "the HTTP request failed"
    }
  }

  /// `text` with every word that holds `://` replaced by the URL without
  /// its user info, query and fragment.
  static func redactingURLs(in text: String) -> String {
    let quotes: Set<Character> = ["'", "\"", "(", ")", "<", ">", ",", ";", "."]
    let words = text.split(separator: " ", omittingEmptySubsequences: false)
    return words.map { word in
      guard word.contains("://") else { return String(word) }
      var url = word.drop { quotes.contains($0) }
      while let last = url.last, quotes.contains(last) { url = url.dropLast() }
      return HTTPURL(String(url))?.redacted ?? "a URL"
    }.joined(separator: " ")
  }

  /// A status that ends the attempt: `.authRequired` for 401 and 403 (with
  /// the challenge), `.httpStatus(code)` with a body excerpt otherwise.
  static func status(
    _ response: HTTPResponse, body: [UInt8], doing step: String,
    refusedRedirect: String? = nil
  ) -> TransportError {
    let code = response.statusCode
    if code == 401 || code == 403 {
      let header = response.header("WWW-Authenticate")
      let challenge = header.flatMap(AuthChallenge.init(header:))
      var message = "the server refused \(step) with HTTP \(code): "
        + (code == 401
          ? "credentials are missing or were not accepted"
          : "the credentials do not allow this")
      message += "; set them in the server's `headers` (no interactive "
        + "sign-in is attempted)"
      if let challenge { message += AuthChallenge.marker + challenge.summary }
      return TransportError(.authRequired, message)
    }

    var message = "the server answered \(step) with HTTP \(code)"
    if let refusedRedirect {
      message += "; not followed: \(refusedRedirect)"
    }
    let excerpt = excerpt(body)
    if !excerpt.isEmpty { message += ": \(excerpt)" }
    return TransportError(.httpStatus(code), message)
  }

  /// The start of a body as one quoted line, runs of white space and
  /// control characters folded into one space.
  static func excerpt(_ body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(excerptLength * 2), as: UTF8.self)
    let words = text.split { character in
      character.isWhitespace || character.unicodeScalars.contains {
        $0.properties.generalCategory == .control
      }
    }
    guard !words.isEmpty else { return "" }
    let line = words.joined(separator: " ")
    return WarningLog.quote(Array(line.utf8), maxBytes: excerptLength)
  }
}
