/// One MCP conversation over a transport.
///
/// Sends requests, waits for the answer with the same id, and on the way
/// answers the server's own requests (`ping` with an empty result, anything
/// else with "method not found") and skips its notifications.
final class MCPSession {
  let transport: MessageTransport
  private(set) var log = WarningLog()
  private var nextID = 1
  /// Set after initialize; a batch is normal only in 2025-03-26.
  var protocolVersion: String? {
    didSet {
      if batchBeforeVersion { warnAboutBatch() }
    }
  }
  /// A batch came before the revision was known (in the initialize answer).
  private var batchBeforeVersion = false

  init(transport: MessageTransport) {
    self.transport = transport
  }

  func warn(_ message: String) {
    log.add(message)
  }

  /// Sends a request and waits for its answer.
  /// - Returns: the result, or the JSON-RPC error the server answered with.
  /// - Throws: a transport failure, or a protocol violation.
  func request(
    _ method: String, params: JSONValue?, deadline: Deadline
  ) throws(TransportError) -> Result<JSONValue, JSONRPCErrorObject> {
    try request(method, params: params, itemsKey: nil, deadline: deadline)
      .map(\.result)
  }

  /// An answer, with the elements of its `result.<itemsKey>` array kept
  /// as text when the request asked for that and the array was there.
  struct Answer {
    var result: JSONValue
    var items: [RawJSON]?
  }

  /// Sends a request whose answer holds a list under `result.<itemsKey>`:
  /// the list's elements are checked but left as text, so a large page
  /// never becomes a tree, and each notes where its member `noting` lies
  /// (see `RawJSON.string`). Otherwise as `request(_:params:deadline:)`.
  func request(
    _ method: String, params: JSONValue?, itemsKey: String?,
    noting key: String? = nil, deadline: Deadline
  ) throws(TransportError) -> Result<Answer, JSONRPCErrorObject> {
    let id = nextID
    nextID += 1
    let message = JSONRPCOutgoing.request(id: id, method: method, params: params)
    try transport.send(message, deadline: deadline)
    let path = itemsKey.map { ["result", $0] } ?? []
    while true {
      let messages = try receiveMessages(keeping: path, noting: key, deadline: deadline)
      var answer: Result<Answer, JSONRPCErrorObject>?
      for received in messages {
        if let outcome = try handle(received, awaiting: id, deadline: deadline) {
          answer = outcome
        }
      }
      if let answer { return answer }
    }
  }

  /// Sends a notification; nothing comes back.
  func notify(_ method: String, deadline: Deadline) throws(TransportError) {
    try transport.send(JSONRPCOutgoing.notification(method: method), deadline: deadline)
  }

  /// One message read, with the elements kept as text at the path asked
  /// for (never inside a batch, whose answers are read whole): what
  /// `JSONParser.parse(_:keepingElementsAt:)` gives.
  private typealias Received = (value: JSONValue, elements: [RawJSON]?)

  /// The next messages from the transport, a batch opened up.
  private func receiveMessages(
    keeping path: [String], noting key: String?, deadline: Deadline
  ) throws(TransportError) -> [Received] {
    while true {
      let bytes = try transport.receive(deadline: deadline)
      let received: Received
      do {
        received = try JSONParser.parse(bytes, keepingElementsAt: path, noting: key)
      } catch {
        warn("skipped a message that is not valid JSON (\(error))")
        continue
      }
      guard case .array(let batch) = received.value else { return [received] }
      if protocolVersion == nil {
        batchBeforeVersion = true
      } else {
        warnAboutBatch()
      }
      return batch.map { ($0, nil) }
    }
  }

  private func warnAboutBatch() {
    guard protocolVersion != "2025-03-26" else { return }
    warn("received a JSON-RPC batch, which only revision 2025-03-26 allows")
  }

  /// Acts on one message; returns the answer when it is the one awaited.
  private func handle(
    _ received: Received, awaiting id: Int, deadline: Deadline
  ) throws(TransportError) -> Result<Answer, JSONRPCErrorObject>? {
    switch JSONRPCMessage.classify(received.value) {
    case .failure(let invalid):
      warn("skipped \(invalid.reason)")
      return nil
    case .success(.notification):
      return nil
    case .success(.request(let requestID, let method)):
      try answer(requestID, method: method, deadline: deadline)
      return nil
    case .success(.response(let answerID, let result)):
      guard matches(answerID, id) else { return nil }
      return .success(Answer(result: result, items: received.elements))
    case .success(.errorResponse(let answerID, let error)):
      if answerID == .null {
        return .failure(error)
      }
      return matches(answerID, id) ? .failure(error) : nil
    }
  }

  /// Answers a request from the server; we offer no client features.
  private func answer(
    _ requestID: JSONValue, method: String, deadline: Deadline
  ) throws(TransportError) {
    let reply: [UInt8]
    if method == "ping" {
      reply = JSONRPCOutgoing.result(id: requestID, result: .object([:]))
    } else {
      reply = JSONRPCOutgoing.error(
        id: requestID, code: JSONRPCErrorObject.methodNotFound,
        message: "Method not found: mcp-census offers no client capabilities")
    }
    try transport.send(reply, deadline: deadline)
  }

  /// Whether an answer's id is the one we sent, tolerating a string id.
  private func matches(_ answerID: JSONValue, _ id: Int) -> Bool {
    switch answerID {
    case .number:
      if answerID.intValue == id { return true }
    case .string(let text):
      if Int(text) == id {
        warn("answered request \(id) with the string id \"\(text)\"; we sent a number")
        return true
      }
    default:
      break
    }
    warn("ignored an answer to an unknown request id \(JSONWriter().string(answerID))")
    return false
  }
}
