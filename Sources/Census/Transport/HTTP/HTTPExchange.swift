/// One HTTP request in flight and what has come back for it so far.
///
/// Every mutable field is guarded by `lock`, the owning `HTTPClient`'s:
/// libcurl's callbacks write them on the thread that drives the client,
/// and `abortAll` may write them from any thread.
final class HTTPExchange: @unchecked Sendable {  // state behind `lock`
  /// The request as sent, after any redirect.
  let request: HTTPRequest
  /// Names of the manifest's headers (credentials), lower-cased.
  let credentialNames: Set<String>
  /// Most bytes buffered and not yet taken before the exchange fails.
  let bufferLimit: Int
  let lock: Locked<Void>

  /// Why a redirect was not followed, for the error message.
  var refusedRedirect: String?
  /// Set when a redirect left the first origin without the credentials.
  var droppedCredentials = false
  var response: HTTPResponse?
  var pending: [UInt8] = []
  var isComplete = false
  /// What ended the exchange early: the network, our limits, a close.
  var failure: TransportError?
  private var head = HTTPHeadParser()

  init(
    _ request: HTTPRequest, credentialNames: Set<String>, bufferLimit: Int,
    lock: Locked<Void>
  ) {
    self.request = request
    self.credentialNames = credentialNames
    self.bufferLimit = bufferLimit
    self.lock = lock
  }

  /// The URL this request went to.
  var url: HTTPURL { request.url }

  /// Ends the exchange with `error` unless it has already ended.
  func fail(with error: TransportError) {
    guard !isComplete else { return }
    failure = failure ?? error
    pending = []
    isComplete = true
  }

  /// A header line from libcurl (takes the lock).
  /// - Returns: false to stop the transfer, which has been failed.
  func receive(headerLine line: UnsafeRawBufferPointer) -> Bool {
    lock.withLock { _ in
      guard failure == nil else { return false }
      if let final = head.take(Array(line)), response == nil {
        response = final
      }
      return true
    }
  }

  /// Body bytes from libcurl (takes the lock). Past `bufferLimit` unread
  /// bytes the exchange fails with `.messageTooLarge`.
  /// - Returns: false to stop the transfer, which has been failed.
  func receive(body bytes: UnsafeRawBufferPointer) -> Bool {
    lock.withLock { _ in
      guard failure == nil else { return false }
      pending.append(contentsOf: bytes)
      guard pending.count > bufferLimit else { return true }
      fail(with: TransportError(
        .messageTooLarge,
        "the server sent more than \(StdioTransport.size(bufferLimit)) we "
          + "could not use yet (max_message); raise max_message if that is "
          + "expected"))
      return false
    }
  }
}
