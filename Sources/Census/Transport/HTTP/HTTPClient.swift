import CCurl
import Synchronization

/// The HTTP layer of one server: a libcurl multi handle driven on the
/// thread that waits, so a request costs no thread hop. `response`,
/// `body` and `nextChunk` run the transfers until what they wait for has
/// come, polling the connections together with the job's cancellation
/// descriptor; `abortAll` and `invalidate` wake such a wait from another
/// thread.
///
/// Redirects follow INTEROP item 17: a POST follows 307 and 308 only,
/// keeping its method and body; the manifest's headers go only to the
/// origin of the first request; at most `maxRedirects` hops. Connections
/// are reused across the server's requests; `invalidate()` closes them, so
/// none outlives the server's attempt.
final class HTTPClient: @unchecked Sendable {  // state behind the two locks
  static let maxRedirects = 5

  /// Held by the thread that calls into libcurl, waits included; holds
  /// the multi handle, nil once invalidated. Taken before `lock`.
  private let driving: Mutex<CurlMulti?>
  /// Guards the fields below and every exchange's fields.
  private let lock = Locked(())
  private var inFlight: [ObjectIdentifier: HTTPExchange] = [:]
  /// The multi handle for `wake()` from other threads, nil once closing.
  private var wakeable: CurlMulti?
  private let cancellation: Cancellation

  init(cancellation: Cancellation) {
    self.cancellation = cancellation
    let multi = CurlMulti()
    driving = Mutex(multi)
    wakeable = multi
  }

  deinit {
    invalidate()
  }

  /// Starts a request; it makes progress during the waits below.
  /// - Parameters:
  ///   - credentialNames: headers of the request that must not leave its
  ///     origin on a redirect.
  ///   - bufferLimit: most unread body bytes kept before the exchange
  ///     fails with `.messageTooLarge`.
  func start(
    _ request: HTTPRequest, credentialNames: Set<String>, bufferLimit: Int
  ) throws(TransportError) -> HTTPExchange {
    if let reason = cancellation.reason { throw Self.cancelledError(reason) }
    if let unsafe = request.headers.first(where: {
      !HTTPHeaderField.isName($0.name) || !HTTPHeaderField.isValue($0.value)
    }) {
      throw TransportError(
        .protocolViolation,
        "refusing to send the header '\(Quoting.short(unsafe.name))': its name "
          + "is not an HTTP token or its value holds a line break or another "
          + "control character")
    }
    let exchange = HTTPExchange(
      request, credentialNames: credentialNames, bufferLimit: bufferLimit,
      lock: lock)
    try driving.withLock { multi throws(TransportError) in
      guard let multi else { throw Self.closedError }
      guard let transfer = CurlTransfer(for: exchange), multi.add(transfer)
      else {
        throw TransportError(
          .connectionFailed, "libcurl could not start the HTTP request")
      }
    }
    lock.withLock { _ in inFlight[ObjectIdentifier(exchange)] = exchange }
    return exchange
  }

  /// Sends a request and waits for its response head, following
  /// redirects by INTEROP item 17: 307 and 308 with method and body,
  /// 301-303 only for a GET, the credentials only to the first origin, at
  /// most `maxRedirects` hops. A redirect not followed is returned as the
  /// response, with `refusedRedirect` saying why.
  /// - Returns: the exchange that got the final response, and that
  ///   response.
  func perform(
    _ request: HTTPRequest, credentialNames: Set<String>, bufferLimit: Int,
    deadline: Deadline
  ) throws(TransportError) -> (HTTPExchange, HTTPResponse) {
    let first = request.url.origin
    var next = request
    var hops = 0
    var dropped = false
    while true {
      let exchange = try start(
        next, credentialNames: credentialNames, bufferLimit: bufferLimit)
      let response = try self.response(of: exchange, deadline: deadline)
      let status = response.statusCode
      guard [301, 302, 303, 307, 308].contains(status),
        let location = response.header("Location"),
        let target = HTTPURL(resolving: location, against: next.url)
      else {
        lock.withLock { _ in exchange.droppedCredentials = dropped }
        return (exchange, response)
      }

      var refusal: String?
      if hops >= Self.maxRedirects {
        refusal = "more than \(Self.maxRedirects) redirects; the last to "
          + target.redacted
      } else if status < 307 && request.method != "GET" {
        refusal = "a \(status) redirect to \(target.redacted), which would "
          + "turn the \(request.method) into a GET; only 307 and 308 keep it"
      }
      if let refusal {
        lock.withLock { _ in exchange.refusedRedirect = refusal }
        return (exchange, response)
      }

      cancel(exchange)
      hops += 1
      next.url = target
      if target.origin != first {
        for name in credentialNames { next.setHeader(name, to: nil) }
        dropped = dropped || !credentialNames.isEmpty
      }
    }
  }

  /// Waits for the status line and headers.
  /// - Throws: `.timeout`, `.cancelled`, `.connectionFailed`, or the
  ///   exchange's own failure.
  func response(
    of exchange: HTTPExchange, deadline: Deadline
  ) throws(TransportError) -> HTTPResponse {
    var response: HTTPResponse?
    try wait(for: exchange, until: deadline) {
      response = exchange.response
      return response != nil || exchange.isComplete
    }
    if let response { return response }
    throw lock.withLock { _ in failure(of: exchange) }
  }

  /// Waits for the whole body.
  func body(
    of exchange: HTTPExchange, deadline: Deadline
  ) throws(TransportError) -> [UInt8] {
    try wait(for: exchange, until: deadline) { exchange.isComplete }
    let outcome: Result<[UInt8], TransportError> = lock.withLock { _ in
      if exchange.failure != nil { return .failure(failure(of: exchange)) }
      defer { exchange.pending = [] }
      return .success(exchange.pending)
    }
    return try outcome.get()
  }

  /// What one wait on a set of streams brought.
  enum Chunk {
    case bytes(HTTPExchange, [UInt8])
    /// The body ended; `error` is set when it did not end cleanly.
    case end(HTTPExchange, error: TransportError?)
  }

  /// Waits until one of `streams` has bytes or has ended, and takes that.
  func nextChunk(
    from streams: [HTTPExchange], deadline: Deadline
  ) throws(TransportError) -> Chunk {
    var chunk: Chunk?
    let arrived = try drive(until: deadline) {
      for stream in streams where !stream.pending.isEmpty {
        defer { stream.pending = [] }
        chunk = .bytes(stream, stream.pending)
        return true
      }
      for stream in streams where stream.isComplete {
        chunk = .end(stream, error: stream.failure)
        return true
      }
      return false
    }
    guard arrived, let chunk else {
      throw TransportError(
        .timeout, "no message from the server within the time allowed")
    }
    return chunk
  }

  /// Runs `body` under the lock that guards every exchange's fields.
  func withState<Result>(_ body: () -> Result) -> Result {
    lock.withLock { _ in body() }
  }

  /// Stops one exchange (its body is no longer wanted).
  func cancel(_ exchange: HTTPExchange) {
    lock.withLock { _ in
      exchange.fail(with: Self.closedError)
      inFlight[ObjectIdentifier(exchange)] = nil
    }
    driving.withLock { $0?.remove(exchange) }
  }

  /// Fails every exchange in flight with `error` and wakes every waiter;
  /// exchanges started later are not affected.
  func abortAll(with error: TransportError) {
    lock.withLock { _ in
      for exchange in inFlight.values { exchange.fail(with: error) }
      inFlight = [:]
      wakeable?.wake()
    }
  }

  /// Fails what is in flight, closes every connection and releases the
  /// multi handle. Safe to call twice and from any thread.
  func invalidate() {
    abortAll(with: Self.closedError)
    lock.withLock { _ in wakeable = nil }
    driving.withLock { $0 = nil }
  }

  // MARK: - Driving

  /// Waits (not holding the lock) until `ready` holds, failing on the
  /// deadline, the cancellation or the exchange's own failure. On a
  /// timeout the exchange fails and its transfer stops.
  private func wait(
    for exchange: HTTPExchange, until deadline: Deadline,
    _ ready: () -> Bool
  ) throws(TransportError) {
    var failure: TransportError?
    let arrived = try drive(until: deadline) {
      if ready() { return true }
      failure = exchange.failure
      return failure != nil
    }
    if let failure { throw failure }
    if arrived { return }
    let timeout = TransportError(
      .timeout, "the server did not answer within the time allowed")
    lock.withLock { _ in exchange.fail(with: timeout) }
    cancel(exchange)
    throw timeout
  }

  /// Runs the transfers on this thread until `done` (called under the
  /// lock) holds or `deadline` passes.
  /// - Returns: false when the deadline passed first.
  /// - Throws: `.cancelled` once the job is cancelled or the client
  ///   closed.
  private func drive(
    until deadline: Deadline, _ done: () -> Bool
  ) throws(TransportError) -> Bool {
    try driving.withLock { multi throws(TransportError) -> Bool in
      while true {
        if let reason = cancellation.reason {
          throw Self.cancelledError(reason)
        }
        guard let multi else { throw Self.closedError }
        let finished = multi.perform()
        lock.withLock { _ in
          for (transfer, code) in finished { complete(transfer, code) }
        }
        if lock.withLock({ _ in done() }) { return true }
        if deadline.hasPassed { return false }
        multi.poll(
          alsoOn: cancellation.fileDescriptor,
          milliseconds: deadline.pollTimeout)
      }
    }
  }

  /// Records the end of a transfer (lock held).
  private func complete(_ transfer: CurlTransfer, _ code: CURLcode) {
    let exchange = transfer.exchange
    inFlight[ObjectIdentifier(exchange)] = nil
    if code != CURLE_OK {
      exchange.failure = exchange.failure
        ?? HTTPFailure.classify(code, detail: transfer.errorDetail)
    }
    exchange.isComplete = true
  }

  /// The classified failure of an ended exchange (lock held).
  private func failure(of exchange: HTTPExchange) -> TransportError {
    exchange.failure ?? TransportError(
      .connectionFailed, "the server closed the connection without answering")
  }

  static let closedError = TransportError(
    .cancelled, "the connection to the server was closed")

  static func cancelledError(_ reason: CancellationReason?) -> TransportError {
    switch reason {
    case .jobTimeout:
      return TransportError(.cancelled, "the job ran out of time (job_timeout)")
    case .interrupted, nil:
      return TransportError(.cancelled, "the job was interrupted")
    }
  }
}
