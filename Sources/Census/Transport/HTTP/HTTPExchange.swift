import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP request in flight and what has come back for it so far.
///
/// Every mutable field is guarded by the owning `HTTPClient`'s lock; the
/// delegate writes them on the session's queue and the transport reads
/// them on its own thread.
final class HTTPExchange: @unchecked Sendable {  // state behind client lock
  /// The request as first built, before any redirect.
  let original: URLRequest
  /// Names of the manifest's headers (credentials), lower-cased.
  let credentialNames: Set<String>
  /// Most bytes buffered and not yet taken before the exchange fails.
  let bufferLimit: Int

  var task: URLSessionDataTask?
  /// The URL this request went to.
  var currentURL: URL
  /// Why a redirect was not followed, for the error message.
  var refusedRedirect: String?
  /// Set when a redirect left the first origin without the credentials.
  var droppedCredentials = false
  var response: HTTPURLResponse?
  var pending: [UInt8] = []
  var isComplete = false
  var error: (any Error)?
  /// A failure of ours (too much data, cancellation) that ends the exchange.
  var failure: TransportError?

  init(_ request: URLRequest, credentialNames: Set<String>, bufferLimit: Int) {
    original = request
    self.credentialNames = credentialNames
    self.bufferLimit = bufferLimit
    currentURL = request.url!
  }

  /// Nothing more will arrive and everything that did has been taken.
  var isDrained: Bool { isComplete && pending.isEmpty }
}

/// Scheme, host and port: what a credential is bound to.
struct Origin: Equatable {
  var scheme: String
  var host: String
  var port: Int

  init(_ url: URL) {
    scheme = (url.scheme ?? "").lowercased()
    host = (url.host ?? "").lowercased()
    port = url.port ?? (scheme == "https" ? 443 : 80)
  }
}
