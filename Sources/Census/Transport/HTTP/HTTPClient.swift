import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The HTTP layer of one server: its own `URLSession`, whose delegate
/// streams each body as it arrives, and blocking waits bounded by our
/// deadlines and the job's cancellation.
///
/// Redirects follow INTEROP item 17: a POST follows 307 and 308 only,
/// keeping its method and body; the manifest's headers go only to the
/// origin of the first request; at most `maxRedirects` hops.
/// `invalidate()` cancels what is left and releases the session, so no
/// connection outlives the server's attempt.
final class HTTPClient: @unchecked Sendable {  // state behind `condition`
  static let maxRedirects = 5

  private let condition = NSCondition()
  private var exchanges: [Int: HTTPExchange] = [:]
  private var session: URLSession?
  private var interruption: TransportError?
  private var cancelToken: Int?
  private let cancellation: Cancellation

  init(cancellation: Cancellation) {
    self.cancellation = cancellation
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 24 * 3600
    configuration.timeoutIntervalForResource = 24 * 3600
    configuration.httpCookieStorage = nil
    configuration.httpShouldSetCookies = false
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    session = URLSession(
      configuration: configuration, delegate: Delegate(self),
      delegateQueue: queue)
    let token = cancellation.onCancel { [weak self] in
      self?.interrupt(with: Self.cancelledError(cancellation.reason))
    }
    condition.withLock { cancelToken = token }
  }

  deinit {
    invalidate()
  }

  /// Starts a request.
  /// - Parameters:
  ///   - credentialNames: headers of the request that must not leave its
  ///     origin on a redirect.
  ///   - bufferLimit: most unread body bytes kept before the exchange
  ///     fails with `.messageTooLarge`.
  func start(
    _ request: URLRequest, credentialNames: Set<String>, bufferLimit: Int
  ) throws(TransportError) -> HTTPExchange {
    let exchange = HTTPExchange(
      request, credentialNames: credentialNames, bufferLimit: bufferLimit)
    condition.lock()
    defer { condition.unlock() }
    if let interruption { throw interruption }
    guard let session else { throw Self.closedError }
    let task = session.dataTask(with: request)
    exchange.task = task
    exchanges[task.taskIdentifier] = exchange
    task.resume()
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
    _ request: URLRequest, credentialNames: Set<String>, bufferLimit: Int,
    deadline: Deadline
  ) throws(TransportError) -> (HTTPExchange, HTTPURLResponse) {
    let first = request.url!
    var next = request
    var hops = 0
    var dropped = false
    while true {
      let exchange = try start(
        next, credentialNames: credentialNames, bufferLimit: bufferLimit)
      let response = try self.response(of: exchange, deadline: deadline)
      let status = response.statusCode
      let location = response.value(forHTTPHeaderField: "Location")
      guard [301, 302, 303, 307, 308].contains(status), let location,
        let target = URL(string: location, relativeTo: next.url)?.absoluteURL
      else {
        condition.withLock { exchange.droppedCredentials = dropped }
        return (exchange, response)
      }

      let method = request.httpMethod ?? "GET"
      var refusal: String?
      if hops >= Self.maxRedirects {
        refusal = "more than \(Self.maxRedirects) redirects; the last to "
          + HTTPFailure.describe(target)
      } else if status < 307 && method != "GET" {
        refusal = "a \(status) redirect to \(HTTPFailure.describe(target)), "
          + "which would turn the \(method) into a GET; only 307 and 308 "
          + "keep it"
      }
      if let refusal {
        condition.withLock { exchange.refusedRedirect = refusal }
        return (exchange, response)
      }

      cancel(exchange)
      hops += 1
      next.url = target
      if Origin(target) != Origin(first) {
        for name in credentialNames {
          next.setValue(nil, forHTTPHeaderField: name)
        }
        dropped = dropped || !credentialNames.isEmpty
      }
    }
  }

  /// Waits for the status line and headers.
  /// - Throws: `.timeout`, `.cancelled`, `.connectionFailed`, or the
  ///   exchange's own failure.
  func response(
    of exchange: HTTPExchange, deadline: Deadline
  ) throws(TransportError) -> HTTPURLResponse {
    condition.lock()
    defer { condition.unlock() }
    try wait(for: exchange, until: deadline) {
      exchange.response != nil || exchange.isComplete
    }
    if let response = exchange.response { return response }
    throw failure(of: exchange)
  }

  /// Waits for the whole body.
  func body(
    of exchange: HTTPExchange, deadline: Deadline
  ) throws(TransportError) -> [UInt8] {
    condition.lock()
    defer { condition.unlock() }
    try wait(for: exchange, until: deadline) { exchange.isComplete }
    if exchange.error != nil || exchange.failure != nil {
      throw failure(of: exchange)
    }
    defer { exchange.pending = [] }
    return exchange.pending
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
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let interruption { throw interruption }
      for stream in streams where !stream.pending.isEmpty {
        defer { stream.pending = [] }
        return .bytes(stream, stream.pending)
      }
      for stream in streams where stream.isComplete {
        let clean = stream.error == nil && stream.failure == nil
        return .end(stream, error: clean ? nil : failure(of: stream))
      }
      if deadline.hasPassed {
        throw TransportError(
          .timeout, "no message from the server within the time allowed")
      }
      wait(until: deadline)
    }
  }

  /// Runs `body` under the lock that guards every exchange's fields.
  func withState<Result>(_ body: () -> Result) -> Result {
    condition.withLock(body)
  }

  /// Cancels one exchange (its body is no longer wanted).
  func cancel(_ exchange: HTTPExchange) {
    condition.withLock { exchange.task?.cancel() }
  }

  /// Fails every exchange in flight with `error` and wakes every waiter;
  /// exchanges started later are not affected.
  func abortAll(with error: TransportError) {
    condition.withLock {
      for exchange in exchanges.values where !exchange.isComplete {
        exchange.failure = exchange.failure ?? error
        exchange.isComplete = true
        exchange.task?.cancel()
      }
      condition.broadcast()
    }
  }

  /// Fails every wait from now on with `error` (cancellation, close).
  func interrupt(with error: TransportError) {
    abortAll(with: error)
    condition.withLock {
      interruption = interruption ?? error
      condition.broadcast()
    }
  }

  /// Cancels everything and releases the session. Safe to call twice.
  func invalidate() {
    let (session, token) = condition.withLock {
      defer {
        self.session = nil
        cancelToken = nil
      }
      return (self.session, cancelToken)
    }
    if let token { cancellation.removeHandler(token) }
    session?.invalidateAndCancel()
  }

  // MARK: - Waiting

  /// Waits (lock held) until `ready` holds, failing on the deadline, the
  /// interruption or the exchange's own failure. On a timeout the request
  /// is cancelled.
  private func wait(
    for exchange: HTTPExchange, until deadline: Deadline,
    _ ready: () -> Bool
  ) throws(TransportError) {
    while !ready() {
      if let interruption { throw interruption }
      if let failure = exchange.failure { throw failure }
      if deadline.hasPassed {
        exchange.task?.cancel()
        exchange.failure = TransportError(
          .timeout, "the server did not answer within the time allowed")
        throw exchange.failure!
      }
      wait(until: deadline)
    }
  }

  /// One bounded sleep on the condition (lock held). Capped at a second
  /// so a jump of the wall clock cannot stretch a monotonic deadline.
  private func wait(until deadline: Deadline) {
    let left = Double(deadline.remaining.nanoseconds) / 1e9
    _ = condition.wait(until: Date(timeIntervalSinceNow: min(left, 1)))
  }

  /// The classified failure of an ended exchange (lock held).
  private func failure(of exchange: HTTPExchange) -> TransportError {
    if let failure = exchange.failure { return failure }
    if let error = exchange.error { return HTTPFailure.classify(error) }
    return TransportError(
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

  // MARK: - Delegate events

  private func exchange(for task: URLSessionTask) -> HTTPExchange? {
    exchanges[task.taskIdentifier]
  }

  fileprivate func received(_ response: URLResponse, for task: URLSessionTask) {
    condition.withLock {
      guard let exchange = exchange(for: task) else { return }
      exchange.response = response as? HTTPURLResponse
      if let url = response.url { exchange.currentURL = url }
      condition.broadcast()
    }
  }

  fileprivate func received(_ data: Data, for task: URLSessionTask) {
    condition.withLock {
      guard let exchange = exchange(for: task), exchange.failure == nil
      else { return }
      exchange.pending.append(contentsOf: data)
      if exchange.pending.count > exchange.bufferLimit {
        exchange.failure = TransportError(
          .messageTooLarge,
          "the server sent more than "
            + "\(StdioTransport.size(exchange.bufferLimit)) we could not "
            + "use yet (max_message); raise max_message if that is expected")
        exchange.pending = []
        exchange.isComplete = true
        task.cancel()
      }
      condition.broadcast()
    }
  }

  fileprivate func completed(_ task: URLSessionTask, error: (any Error)?) {
    condition.withLock {
      guard let exchange = exchanges.removeValue(forKey: task.taskIdentifier)
      else { return }
      if exchange.response == nil {
        exchange.response = task.response as? HTTPURLResponse
      }
      exchange.error = error
      exchange.isComplete = true
      condition.broadcast()
    }
  }

  /// Receives the session's events and hands them to the client. The
  /// session retains it until `invalidate()`; it holds the client weakly.
  private final class Delegate: NSObject, URLSessionDataDelegate,
    @unchecked Sendable  // its one field is written once, in init
  {
    weak var client: HTTPClient?

    init(_ client: HTTPClient) {
      self.client = client
    }

    func urlSession(
      _ session: URLSession, dataTask: URLSessionDataTask,
      didReceive response: URLResponse,
      completionHandler: @Sendable @escaping (
        URLSession.ResponseDisposition
      ) -> Void
    ) {
      client?.received(response, for: dataTask)
      completionHandler(.allow)
    }

    func urlSession(
      _ session: URLSession, dataTask: URLSessionDataTask,
      didReceive data: Data
    ) {
      client?.received(data, for: dataTask)
    }

    func urlSession(
      _ session: URLSession, task: URLSessionTask,
      didCompleteWithError error: (any Error)?
    ) {
      client?.completed(task, error: error)
    }

    /// Redirects are followed by `HTTPClient.perform`, never here:
    /// swift-corelibs-foundation ignores 308 and drops the body of a
    /// redirected request that leaves the origin.
    func urlSession(
      _ session: URLSession, task: URLSessionTask,
      willPerformHTTPRedirection response: HTTPURLResponse,
      newRequest request: URLRequest,
      completionHandler: @Sendable @escaping (URLRequest?) -> Void
    ) {
      completionHandler(nil)
    }
  }
}
