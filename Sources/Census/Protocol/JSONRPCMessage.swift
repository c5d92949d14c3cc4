/// One incoming JSON-RPC 2.0 message, classified.
enum JSONRPCMessage: Equatable {
  /// An answer to one of our requests.
  case response(id: JSONValue, result: JSONValue)
  /// An error answer; `id` is null when the server could not read ours.
  case errorResponse(id: JSONValue, error: JSONRPCErrorObject)
  /// A request from the server, which needs an answer.
  case request(id: JSONValue, method: String)
  /// A notification from the server: no answer.
  case notification(method: String)

  /// Classifies a decoded value, or says why it is not a JSON-RPC message.
  static func classify(_ value: JSONValue) -> Result<JSONRPCMessage, Invalid> {
    guard let object = value.objectValue else {
      return .failure(Invalid("a message that is \(value.typeDescription), not an object"))
    }
    let id = object["id"]
    if let method = object["method"]?.stringValue {
      guard let id, id != .null else { return .success(.notification(method: method)) }
      return .success(.request(id: id, method: method))
    }
    guard let id else {
      return .failure(Invalid("a message with neither a method nor an id"))
    }
    if let error = object["error"] {
      return .success(.errorResponse(id: id, error: JSONRPCErrorObject(error)))
    }
    guard let result = object["result"] else {
      return .failure(Invalid("an answer with neither a result nor an error"))
    }
    return .success(.response(id: id, result: result))
  }

  struct Invalid: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }
}

/// The `error` member of a JSON-RPC answer.
struct JSONRPCErrorObject: Error, Equatable, Sendable {
  var code: Int
  var message: String

  static let methodNotFound = -32601

  init(code: Int, message: String) {
    self.code = code
    self.message = message
  }

  /// Reads an error member leniently: a malformed one keeps what it can.
  init(_ value: JSONValue) {
    code = value["code"]?.intValue ?? 0
    message = value["message"]?.stringValue ?? "(no message)"
  }

  var isMethodNotFound: Bool { code == JSONRPCErrorObject.methodNotFound }
}

/// Builds the messages we send.
enum JSONRPCOutgoing {
  static let writer = JSONWriter()

  /// `{"jsonrpc":"2.0","id":ID,"method":METHOD,"params":PARAMS}`, the
  /// fixed members written straight rather than through a tree: one
  /// request goes out for every page of every list of every server.
  static func request(id: Int, method: String, params: JSONValue?) -> [UInt8] {
    var bytes = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    bytes += String(id).utf8
    bytes += #","method":"#.utf8
    JSONWriter.writeString(method, into: &bytes)
    if let params {
      bytes += #","params":"#.utf8
      bytes += writer.bytes(params)
    }
    bytes.append(UInt8(ascii: "}"))
    return bytes
  }

  static func notification(method: String) -> [UInt8] {
    writer.bytes(.object(["jsonrpc": .string("2.0"), "method": .string(method)]))
  }

  static func result(id: JSONValue, result: JSONValue) -> [UInt8] {
    writer.bytes(.object(["jsonrpc": .string("2.0"), "id": id, "result": result]))
  }

  static func error(id: JSONValue, code: Int, message: String) -> [UInt8] {
    let error = JSONValue.object(["code": .integer(code), "message": .string(message)])
    return writer.bytes(.object(["jsonrpc": .string("2.0"), "id": id, "error": error]))
  }
}
