import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Turns what went wrong on the wire into `TransportError`s whose messages
/// hold no secret: URLs lose their query and user info, bodies are cut
/// short and stripped of control characters, header values never appear.
enum HTTPFailure {
  /// Most characters of a body quoted in an error message.
  static let excerptLength = 200

  /// A URL error (refused, reset, DNS, TLS, ...) as `.connectionFailed`,
  /// or `.timeout` / `.cancelled` when that is what it says.
  static func classify(_ error: any Error) -> TransportError {
    guard let error = error as? URLError else {
      return TransportError(
        .connectionFailed, "the HTTP request failed: \(error)")
    }
    let text = error.localizedDescription
    switch error.code {
    case .timedOut:
      return TransportError(.timeout, "the HTTP request timed out: \(text)")
    case .cancelled:
      return TransportError(.cancelled, "the HTTP request was cancelled")
    default:
      return TransportError(
        .connectionFailed,
        "cannot reach the server (URLError \(error.code.rawValue)): \(text)")
    }
  }

  /// A status that ends the attempt: `.authRequired` for 401 and 403 (with
  /// the challenge), `.httpStatus(code)` with a body excerpt otherwise.
  static func status(
    _ response: HTTPURLResponse, body: [UInt8], doing step: String,
    refusedRedirect: String? = nil
  ) -> TransportError {
    let code = response.statusCode
    if code == 401 || code == 403 {
      let header = response.value(forHTTPHeaderField: "WWW-Authenticate")
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

  /// `scheme://host:port/path`: enough to act on, no query or user info.
  static func describe(_ url: URL) -> String {
    var parts = URLComponents(url: url, resolvingAgainstBaseURL: true)
    parts?.user = nil
    parts?.password = nil
    parts?.query = nil
    parts?.fragment = nil
    return parts?.string ?? "the URL"
  }
}
