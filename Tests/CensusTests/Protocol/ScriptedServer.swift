@testable import Census

/// A transport whose server is a function: each message we send is handed
/// to `respond`, and whatever it returns is queued for `receive`.
final class ScriptedServer: MessageTransport {
  typealias Responder = (_ method: String, _ id: JSONValue?, _ params: JSONValue?) -> [String]

  private let respond: Responder
  private var inbox: [[UInt8]] = []
  private(set) var sent: [JSONValue] = []
  private(set) var closed = false
  var warnings: [String] = []
  var stderrTail = ""
  var details = TransportDetails(name: "scripted")

  init(greeting: [String] = [], respond: @escaping Responder) {
    self.respond = respond
    inbox = greeting.map { Array($0.utf8) }
  }

  func send(_ message: [UInt8], deadline: Deadline) throws(TransportError) {
    let value = try! JSONParser.parse(message)
    sent.append(value)
    guard let method = value["method"]?.stringValue else { return }
    inbox += respond(method, value["id"], value["params"]).map { Array($0.utf8) }
  }

  func receive(deadline: Deadline) throws(TransportError) -> [UInt8] {
    guard !inbox.isEmpty else {
      throw TransportError(.timeout, "the scripted server has nothing more to say")
    }
    return inbox.removeFirst()
  }

  func close() {
    closed = true
  }

  /// Methods we sent, in order.
  var sentMethods: [String] { sent.compactMap { $0["method"]?.stringValue } }
}

/// Canned answers of a well-behaved server.
enum Canned {
  static func initialize(
    id: JSONValue?, version: String = "2025-06-18",
    capabilities: String = #"{"tools":{},"resources":{},"prompts":{}}"#
  ) -> String {
    #"{"jsonrpc":"2.0","id":\#(text(id)),"result":{"protocolVersion":"\#(version)","#
      + #""capabilities":\#(capabilities),"serverInfo":{"name":"fake","version":"1"}}}"#
  }

  static func result(id: JSONValue?, _ body: String) -> String {
    #"{"jsonrpc":"2.0","id":\#(text(id)),"result":\#(body)}"#
  }

  static func error(id: JSONValue?, code: Int, _ message: String) -> String {
    #"{"jsonrpc":"2.0","id":\#(text(id)),"error":{"code":\#(code),"message":"\#(message)"}}"#
  }

  static func text(_ id: JSONValue?) -> String {
    JSONWriter().string(id ?? .null)
  }

  /// A server that answers every list with one item and ping with {}.
  static func wellBehaved(
    _ method: String, _ id: JSONValue?, _ params: JSONValue?
  ) -> [String] {
    switch method {
    case "initialize": return [initialize(id: id)]
    case "tools/list":
      return [result(id: id, #"{"tools":[{"name":"t","inputSchema":{"type":"object"}}]}"#)]
    case "resources/list": return [result(id: id, #"{"resources":[{"uri":"a://b","name":"b"}]}"#)]
    case "resources/templates/list":
      return [result(id: id, #"{"resourceTemplates":[{"uriTemplate":"a://{x}","name":"x"}]}"#)]
    case "prompts/list": return [result(id: id, #"{"prompts":[{"name":"p"}]}"#)]
    case "ping": return [result(id: id, "{}")]
    default: return []
    }
  }
}
