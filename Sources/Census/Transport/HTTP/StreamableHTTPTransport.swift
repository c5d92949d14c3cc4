import Synchronization

/// Speaks to a remote MCP server over Streamable HTTP: every message we
/// send is a POST; answers come back as one JSON body or as an event
/// stream that may carry the server's notifications and requests first.
///
/// The session id from the initialize answer's `Mcp-Session-Id` header is
/// sent on every later request, and `MCP-Protocol-Version` once the
/// initialize answer has passed through `receive` (the transport reads the
/// revision from it, so the session above needs no hook). A 404 on a
/// request that carried a session id means the server forgot the session:
/// the transport replays the recorded initialize and initialized messages
/// once, quietly, then resends the request (see `resumeForgottenSession`).
///
/// Event streams that end before the answer they were opened for are
/// classified: cut off in the middle of an event or by a network error is
/// `.connectionFailed` (retryable); closed cleanly without the answer is
/// `.protocolViolation`. `close()` ends the session with a DELETE
/// (bounded by `closeTimeout`, any status accepted) and closes the
/// connections.
public final class StreamableHTTPTransport: MessageTransport,
  @unchecked Sendable  // mutable state behind `io`, `observed` and `client`
{
  /// How long `close()` waits for the answer to its DELETE.
  public static let closeTimeout: Duration = .seconds(2)

  let client: HTTPClient
  private let endpoint: HTTPURL
  private let headers: [String: String]
  private let maxMessage: Int
  private let io = Mutex(())
  private let observed = Mutex(())

  // Guarded by `io`.
  private var sessionID: String?
  private var protocolVersion: String?
  private var initializeID: JSONValue?
  private var initializeMessage: [UInt8]?
  private var initializedMessage: [UInt8]?
  private var replayedSession = false
  private var inbox: [[UInt8]] = []
  private var streams: [EventStream] = []
  private var isClosed = false

  // Guarded by `observed`.
  private var log = WarningLog(limit: 20)
  private var lastURL: HTTPURL
  /// The status of the closing DELETE, nil when none was answered.
  private(set) var deleteStatus: Int?

  /// One open answer stream and the request it answers.
  private final class EventStream {
    let exchange: HTTPExchange
    var parser: SSEParser
    let requestID: JSONValue?
    let method: String
    var answered = false

    init(_ exchange: HTTPExchange, maxMessage: Int, facts: HTTPMessageFacts) {
      self.exchange = exchange
      parser = SSEParser(maxMessage: maxMessage)
      requestID = facts.id
      method = facts.method ?? "a response"
    }
  }

  /// Prepares the transport; nothing is sent until the first message.
  /// - Parameters:
  ///   - url: the MCP endpoint.
  ///   - headers: the manifest's headers (secrets: never in a message).
  ///   - maxMessage: largest message accepted, in bytes.
  ///   - cancellation: the job's switch; a set switch ends every wait.
  public init(
    url: HTTPURL, headers: [String: String], maxMessage: Int,
    cancellation: Cancellation
  ) {
    endpoint = url
    self.headers = headers
    self.maxMessage = maxMessage
    lastURL = url
    client = HTTPClient(cancellation: cancellation)
  }

  deinit {
    client.invalidate()
  }

  public var warnings: [String] { observed.withLock { _ in log.summary } }

  public var stderrTail: String { "" }

  public var details: TransportDetails {
    let url = observed.withLock { _ in lastURL }
    return TransportDetails(name: "streamable-http", finalURL: url.redacted)
  }

  /// POSTs one message and keeps whatever answer it brings for `receive`.
  /// - Throws: `.authRequired` (401/403, with the challenge),
  ///   `.httpStatus(code)` for other refusals, `.connectionFailed`,
  ///   `.timeout` past `deadline`, `.cancelled`, `.protocolViolation` for
  ///   an answer of the wrong media type, `.messageTooLarge`.
  public func send(
    _ message: [UInt8], deadline: Deadline
  ) throws(TransportError) {
    try io.withLock { _ throws(TransportError) in
      guard !isClosed else { throw HTTPClient.closedError }
      let facts = HTTPMessageFacts(message)
      if facts.method == "initialize" {
        initializeID = facts.id
        initializeMessage = message
        sessionID = nil
      } else if facts.method == "notifications/initialized" {
        initializedMessage = message
      }
      try post(message, facts: facts, deadline: deadline)
    }
  }

  /// Returns the next message: from a JSON answer already read, or the
  /// next `message` event of an open stream (events without data, such
  /// as priming events, are skipped).
  /// - Throws: `.timeout`, `.cancelled`, `.connectionFailed` or
  ///   `.protocolViolation` for a stream that ends before its answer, and
  ///   `.protocolViolation` when nothing more can arrive.
  public func receive(deadline: Deadline) throws(TransportError) -> [UInt8] {
    try io.withLock { _ throws(TransportError) in
      while true {
        guard !isClosed else { throw HTTPClient.closedError }
        if !inbox.isEmpty { return deliver(inbox.removeFirst()) }
        guard !streams.isEmpty else {
          throw TransportError(
            .protocolViolation,
            "the server accepted our request but sent no answer "
              + "(no JSON body and no event stream)")
        }
        let chunk = try client.nextChunk(
          from: streams.map(\.exchange), deadline: deadline)
        try take(chunk)
      }
    }
  }

  /// Ends the session with a DELETE and releases the connection. Safe to
  /// call more than once and from another thread.
  public func close() {
    client.abortAll(with: HTTPClient.closedError)
    io.withLock { _ in
      guard !isClosed else { return }
      isClosed = true
      streams = []
      inbox = []
      if let sessionID { endSession(sessionID) }
      client.invalidate()
    }
  }

  // MARK: - Sending

  private func post(
    _ message: [UInt8], facts: HTTPMessageFacts, deadline: Deadline
  ) throws(TransportError) {
    let step = facts.method.map { "the \($0) POST" } ?? "our response POST"
    let carriedSession = sessionID != nil
    let (exchange, response) = try client.perform(
      request(method: "POST", body: message),
      credentialNames: Set(headers.keys),
      bufferLimit: maxMessage + 64 * 1024, deadline: deadline)
    note(exchange)

    let status = response.statusCode
    if status == 404, carriedSession, !replayedSession,
      facts.method != "initialize"
    {
      client.cancel(exchange)
      try resumeForgottenSession(deadline: deadline)
      return try post(message, facts: facts, deadline: deadline)
    }
    guard (200..<300).contains(status) else {
      let body = (try? client.body(of: exchange, deadline: shortly(deadline)))
      throw HTTPFailure.status(
        response, body: body ?? [], doing: step,
        refusedRedirect: client.withState { exchange.refusedRedirect })
    }

    if facts.method == "initialize",
      let id = response.header("Mcp-Session-Id")
    {
      sessionID = id
    }
    try accept(response, of: exchange, facts: facts, deadline: deadline)
  }

  /// Takes a 2xx answer: an event stream to read later, a JSON body, or
  /// nothing at all (202, 204, an empty body, `null`).
  private func accept(
    _ response: HTTPResponse, of exchange: HTTPExchange,
    facts: HTTPMessageFacts, deadline: Deadline
  ) throws(TransportError) {
    let status = response.statusCode
    let type = MediaType(response.header("Content-Type"))
    if status == 202 || status == 204 {
      client.cancel(exchange)
      if facts.isRequest {
        warn("the server accepted \(facts.method!) with HTTP \(status) "
          + "instead of answering it")
      }
      return
    }
    if let odd = type.oddParameter {
      warn("ignored the parameter '\(odd)' of the media type "
        + "\(type.essence)")
    }
    if type.isEventStream {
      streams.append(
        EventStream(exchange, maxMessage: maxMessage, facts: facts))
      return
    }

    let body = try client.body(of: exchange, deadline: deadline)
    if body.count > maxMessage { throw tooLarge() }
    let blank = body.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
    let isNull = String(decoding: body, as: UTF8.self)
      .trimmingSpaces == "null"
    if blank || isNull {
      if facts.isRequest {
        warn("the server answered \(facts.method!) with HTTP \(status) and "
          + (blank ? "an empty body" : "a null body"))
      }
      return
    }
    guard type.isJSON || type.essence.isEmpty else {
      throw TransportError(
        .protocolViolation,
        "the server answered with the media type '\(type.essence)'; "
          + "expected application/json or text/event-stream")
    }
    if type.essence.isEmpty {
      warn("the server sent a JSON answer without a Content-Type")
    }
    inbox.append(body)
  }

  /// Builds a request with the manifest's headers and ours.
  private func request(method: String, body: [UInt8]?) -> HTTPRequest {
    var request = HTTPRequest(method, endpoint, body: body)
    for (name, value) in headers {
      request.setHeader(name, to: value)
    }
    if body != nil {
      request.setHeader("Content-Type", to: "application/json")
    }
    request.setHeader("Accept", to: "application/json, text/event-stream")
    if let sessionID {
      request.setHeader("Mcp-Session-Id", to: sessionID)
    }
    if let protocolVersion {
      request.setHeader("MCP-Protocol-Version", to: protocolVersion)
    }
    return request
  }

  /// Starts a new session after a 404 on an old one: the recorded
  /// initialize again (its answer read and dropped here), then the
  /// recorded initialized notification. Done once per transport.
  private func resumeForgottenSession(
    deadline: Deadline
  ) throws(TransportError) {
    replayedSession = true
    guard let initializeMessage, let initializeID else {
      throw TransportError(
        .httpStatus(404),
        "the server forgot the session (404) before it was initialized")
    }
    warn("the server forgot the session (HTTP 404); started a new one")
    sessionID = nil
    streams = []
    inbox = []
    // MCP-Protocol-Version follows initialize; the repeated answer sets
    // it again (or, silent on it, leaves the first one's).
    let revision = protocolVersion
    protocolVersion = nil
    let facts = HTTPMessageFacts(initializeMessage)
    try post(initializeMessage, facts: facts, deadline: deadline)
    while true {
      let answer = try receiveRaw(deadline: deadline)
      if HTTPMessageFacts(answer).answers(initializeID) { break }
    }
    if protocolVersion == nil { protocolVersion = revision }
    if let initializedMessage {
      let facts = HTTPMessageFacts(initializedMessage)
      try post(initializedMessage, facts: facts, deadline: deadline)
    }
  }

  /// `receive` without the lock, for the replay.
  private func receiveRaw(deadline: Deadline) throws(TransportError) -> [UInt8] {
    while true {
      if !inbox.isEmpty { return deliver(inbox.removeFirst()) }
      guard !streams.isEmpty else {
        throw TransportError(
          .protocolViolation,
          "the server did not answer the repeated initialize")
      }
      try take(client.nextChunk(
        from: streams.map(\.exchange), deadline: deadline))
    }
  }

  /// The DELETE that ends the session; its outcome only goes to tests.
  private func endSession(_ id: String) {
    let answer = try? client.perform(
      request(method: "DELETE", body: nil),
      credentialNames: Set(headers.keys), bufferLimit: 64 * 1024,
      deadline: .after(Self.closeTimeout))
    observed.withLock { _ in deleteStatus = answer?.1.statusCode }
  }

  // MARK: - Receiving

  /// Feeds a chunk to its stream's parser and files the messages, or
  /// handles the stream's end.
  private func take(_ chunk: HTTPClient.Chunk) throws(TransportError) {
    switch chunk {
    case .bytes(let exchange, let bytes):
      guard let stream = streams.first(where: { $0.exchange === exchange })
      else { return }
      for event in try stream.parser.feed(bytes) {
        file(event, from: stream)
      }
    case .end(let exchange, let error):
      guard let index = streams.firstIndex(where: { $0.exchange === exchange })
      else { return }
      let stream = streams.remove(at: index)
      try ended(stream, error: error)
    }
  }

  private func file(_ event: SSEEvent, from stream: EventStream) {
    let blank = event.data.allSatisfy { [0x20, 0x09, 0x0A].contains($0) }
    if blank { return }
    guard event.type == "message" else {
      warn("skipped an event of type '\(event.type)' on an answer stream")
      return
    }
    if let id = stream.requestID, HTTPMessageFacts(event.data).answers(id) {
      stream.answered = true
    }
    inbox.append(event.data)
  }

  private func ended(
    _ stream: EventStream, error: TransportError?
  ) throws(TransportError) {
    let cutOff = stream.parser.isInsideEvent
    if stream.answered || stream.requestID == nil {
      if cutOff || error != nil {
        warn("an event stream broke off after its answer had arrived")
      }
      return
    }
    // Ours to name as they are: a limit, a deadline, a cancellation.
    let own: [FailureKind] = [.cancelled, .timeout, .messageTooLarge]
    if let error, own.contains(error.kind) { throw error }
    // A stream broken off (a network error, a server that died mid-event)
    // may work next time; one closed cleanly between events without the
    // answer will be closed again. (No resume with Last-Event-ID is tried.)
    if cutOff || error != nil {
      var message = "the event stream for \(stream.method) stopped "
        + (cutOff ? "in the middle of an event" : "before the answer")
      if let error { message += " (\(error.message))" }
      throw TransportError(.connectionFailed, message)
    }
    throw TransportError(
      .protocolViolation,
      "the server closed the event stream for \(stream.method) without "
        + "answering it")
  }

  /// Hands a message to the session, learning the agreed revision from
  /// the initialize answer on the way.
  private func deliver(_ message: [UInt8]) -> [UInt8] {
    if let initializeID, protocolVersion == nil {
      let facts = HTTPMessageFacts(message)
      if facts.answers(initializeID) {
        protocolVersion =
          facts.result?["protocolVersion"]?.stringValue
      }
    }
    return message
  }

  // MARK: - Helpers

  private func note(_ exchange: HTTPExchange) {
    let dropped = client.withState { exchange.droppedCredentials }
    observed.withLock { _ in lastURL = exchange.url }
    if dropped {
      warn("followed a redirect to another origin "
        + "(\(exchange.url.redacted)) without the manifest's headers")
    }
  }

  private func warn(_ message: String) {
    observed.withLock { _ in log.add(message) }
  }

  private func tooLarge() -> TransportError {
    TransportError(
      .messageTooLarge,
      "the server sent a message of more than "
        + "\(StdioTransport.size(maxMessage)) (max_message); raise "
        + "max_message if it is meant to be this big")
  }

  /// A couple of seconds for reading an error body, within `deadline`.
  private func shortly(_ deadline: Deadline) -> Deadline {
    deadline.earliest(.after(.seconds(2)))
  }
}
