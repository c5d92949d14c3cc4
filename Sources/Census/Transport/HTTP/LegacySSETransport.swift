import Synchronization

/// Speaks to a server over the 2024-11-05 HTTP+SSE transport: one GET
/// opens the event stream, whose first event (`endpoint`) names the URL
/// to POST messages to; every answer arrives as a `message` event on the
/// stream.
///
/// The endpoint may be relative; it is resolved against the stream's URL
/// after redirects, so a server behind a path prefix works. The manifest's
/// headers go to the endpoint only when it has the stream's origin. The
/// stream is the session: when it ends, in the middle of an event or not,
/// the conversation is over and `receive` fails with `.connectionFailed`.
public final class LegacySSETransport: MessageTransport,
  @unchecked Sendable  // mutable state behind `io` and `observed`
{
  let client: HTTPClient
  private let headers: [String: String]
  private let maxMessage: Int
  private let stream: HTTPExchange
  /// Where messages are POSTed.
  public let endpoint: HTTPURL
  private let streamURL: HTTPURL
  private let io = Mutex(())
  private let observed = Mutex(())

  // Guarded by `io`.
  private var parser: SSEParser
  private var inbox: [[UInt8]] = []
  private var isClosed = false

  // Guarded by `observed`.
  private var log = WarningLog(limit: 20)

  /// Opens the event stream and waits for its `endpoint` event.
  /// - Parameters:
  ///   - url: the stream's URL (the manifest's `url`).
  ///   - headers: the manifest's headers (secrets: never in a message).
  ///   - maxMessage: largest message accepted, in bytes.
  ///   - cancellation: the job's switch; a set switch ends every wait.
  ///   - deadline: when the endpoint must have arrived.
  /// - Throws: `.authRequired`, `.httpStatus(code)`, `.connectionFailed`,
  ///   `.timeout`, `.cancelled`, or `.protocolViolation` when the answer
  ///   is not an event stream or names no usable endpoint.
  public init(
    url: HTTPURL, headers: [String: String], maxMessage: Int,
    cancellation: Cancellation, deadline: Deadline
  ) throws(TransportError) {
    self.headers = headers
    self.maxMessage = maxMessage
    client = HTTPClient(cancellation: cancellation)
    parser = SSEParser(maxMessage: maxMessage)

    var request = HTTPRequest("GET", url)
    for (name, value) in headers {
      request.setHeader(name, to: value)
    }
    request.setHeader("Accept", to: "text/event-stream")
    request.setHeader("Cache-Control", to: "no-cache")
    do {
      let response: HTTPResponse
      (stream, response) = try client.perform(
        request, credentialNames: Set(headers.keys),
        bufferLimit: maxMessage + 64 * 1024, deadline: deadline)
      streamURL = stream.url
      try Self.check(response, of: stream, client: client, deadline: deadline)
      endpoint = try Self.awaitEndpoint(
        on: stream, base: streamURL, client: client, parser: &parser,
        inbox: &inbox, deadline: deadline)
      if endpoint.origin != streamURL.origin {
        log.add(
          "the endpoint event names another origin (\(endpoint.redacted)); "
            + "messages go there, without the manifest's headers")
      }
    } catch {
      client.invalidate()
      throw error
    }
  }

  deinit {
    client.invalidate()
  }

  public var warnings: [String] { observed.withLock { _ in log.summary } }

  public var stderrTail: String { "" }

  public var details: TransportDetails {
    TransportDetails(name: "sse", finalURL: streamURL.redacted)
  }

  /// POSTs one message to the endpoint; any 2xx accepts it.
  /// - Throws: `.authRequired`, `.httpStatus(code)`, `.connectionFailed`,
  ///   `.timeout`, `.cancelled`.
  public func send(
    _ message: [UInt8], deadline: Deadline
  ) throws(TransportError) {
    try io.withLock { _ throws(TransportError) in
      guard !isClosed else { throw HTTPClient.closedError }
      try post(message, deadline: deadline)
    }
  }

  /// The POST of `send` (`io` held).
  private func post(
    _ message: [UInt8], deadline: Deadline
  ) throws(TransportError) {
    var request = HTTPRequest("POST", endpoint, body: message)
    let sameOrigin = endpoint.origin == streamURL.origin
    if sameOrigin {
      for (name, value) in headers {
        request.setHeader(name, to: value)
      }
    }
    request.setHeader("Content-Type", to: "application/json")

    let (exchange, response) = try client.perform(
      request, credentialNames: sameOrigin ? Set(headers.keys) : [],
      bufferLimit: 64 * 1024, deadline: deadline)
    let body = try? client.body(
      of: exchange, deadline: deadline.earliest(.after(.seconds(2))))
    guard (200..<300).contains(response.statusCode) else {
      let method = HTTPMessageFacts(message).method
      throw HTTPFailure.status(
        response, body: body ?? [],
        doing: method.map { "the \($0) POST" } ?? "our response POST",
        refusedRedirect: client.withState { exchange.refusedRedirect })
    }
  }

  /// Returns the data of the next `message` event on the stream.
  /// - Throws: `.timeout`, `.cancelled`, `.messageTooLarge`, and
  ///   `.connectionFailed` once the stream has ended.
  public func receive(deadline: Deadline) throws(TransportError) -> [UInt8] {
    try io.withLock { _ throws(TransportError) in
      while true {
        guard !isClosed else { throw HTTPClient.closedError }
        if !inbox.isEmpty { return inbox.removeFirst() }
        switch try client.nextChunk(from: [stream], deadline: deadline) {
        case .bytes(_, let bytes):
          for event in try parser.feed(bytes) { file(event) }
        case .end(_, let error):
          throw ended(error: error)
        }
      }
    }
  }

  /// The error for a stream that ended (`io` held).
  private func ended(error: TransportError?) -> TransportError {
    // Ours to name as they are: a cancellation, a deadline, a limit.
    let own: [FailureKind] = [.cancelled, .timeout, .messageTooLarge]
    if let error, own.contains(error.kind) { return error }
    var message = "the server's event stream ended "
      + (parser.isInsideEvent ? "in the middle of an event" : "")
    if let error { message += " (\(error.message))" }
    return TransportError(
      .connectionFailed, message.trimmingSpaces + "; the session is over")
  }

  /// Closes the stream and releases the connection. Safe to call more
  /// than once and from another thread.
  public func close() {
    client.abortAll(with: HTTPClient.closedError)
    io.withLock { _ in
      isClosed = true
      inbox = []
    }
    client.invalidate()
  }

  private func file(_ event: SSEEvent) {
    switch event.type {
    case "message":
      if event.data.allSatisfy({ [0x20, 0x09, 0x0A].contains($0) }) { return }
      inbox.append(event.data)
    case "endpoint":
      observed.withLock { _ in
        log.add("ignored a second endpoint event")
      }
    default:
      observed.withLock { _ in
        log.add("skipped an event of type '\(event.type)' on the stream")
      }
    }
  }

  /// Fails unless the GET opened an event stream.
  private static func check(
    _ response: HTTPResponse, of stream: HTTPExchange,
    client: HTTPClient, deadline: Deadline
  ) throws(TransportError) {
    let status = response.statusCode
    guard (200..<300).contains(status) else {
      let body = try? client.body(
        of: stream, deadline: deadline.earliest(.after(.seconds(2))))
      throw HTTPFailure.status(
        response, body: body ?? [], doing: "the event stream GET",
        refusedRedirect: client.withState { stream.refusedRedirect })
    }
    let type = MediaType(response.header("Content-Type"))
    guard type.isEventStream else {
      throw TransportError(
        .protocolViolation,
        "the event stream GET was answered with the media type "
          + "'\(type.essence)', not text/event-stream")
    }
  }

  /// Reads the stream until the `endpoint` event and resolves its URL.
  private static func awaitEndpoint(
    on stream: HTTPExchange, base: HTTPURL, client: HTTPClient,
    parser: inout SSEParser, inbox: inout [[UInt8]], deadline: Deadline
  ) throws(TransportError) -> HTTPURL {
    while true {
      let chunk: HTTPClient.Chunk
      do {
        chunk = try client.nextChunk(from: [stream], deadline: deadline)
      } catch where error.kind == .timeout {
        // Name what was awaited: the stream is open but says nothing.
        var error = error
        error.message = "the event stream sent no endpoint event in the time "
          + "allowed (a legacy SSE server names its message URL first)"
        throw error
      }
      switch chunk {
      case .bytes(_, let bytes):
        for event in try parser.feed(bytes) {
          guard event.type == "endpoint" else { continue }
          let text = event.text.trimmingSpaces
          guard let url = HTTPURL(resolving: String(text), against: base)
          else {
            throw TransportError(
              .protocolViolation,
              "the endpoint event holds no usable URL: "
                + WarningLog.quote(event.data))
          }
          return url
        }
      case .end(_, let error):
        if let error { throw error }
        throw TransportError(
          .protocolViolation,
          "the event stream ended before its endpoint event")
      }
    }
  }
}
