/// What an HTTP transport needs to know about a JSON-RPC message passing
/// through it: its method and id, and the revision an initialize answer
/// agreed on. Messages that are not JSON yield empty facts; the session
/// above reports them.
struct HTTPMessageFacts {
  var method: String?
  var id: JSONValue?
  /// Ids of the answers (results and errors) the message holds.
  var answerIDs: [JSONValue] = []
  var result: JSONValue?

  init(_ bytes: [UInt8]) {
    guard let value = try? JSONParser.parse(bytes) else { return }
    let members = value.arrayValue ?? [value]
    for member in members {
      guard let object = member.objectValue else { continue }
      if let method = object["method"]?.stringValue {
        self.method = self.method ?? method
        id = id ?? object["id"]
      } else if let answerID = object["id"] {
        answerIDs.append(answerID)
        if result == nil { result = object["result"] }
      }
    }
  }

  /// A request (it has an id and expects an answer).
  var isRequest: Bool { method != nil && id != nil }

  /// Whether one of the answers is for `requestID` (string ids that spell
  /// the same number count, as the session allows).
  func answers(_ requestID: JSONValue) -> Bool {
    answerIDs.contains { Self.same($0, requestID) }
  }

  static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    if lhs == rhs { return true }
    let left = lhs.intValue ?? lhs.stringValue.flatMap { Int($0) }
    let right = rhs.intValue ?? rhs.stringValue.flatMap { Int($0) }
    return left != nil && left == right
  }
}

/// A media type compared without parameters and case: `Text/Event-Stream;
/// charset=utf-8` is `text/event-stream`.
struct MediaType: Equatable {
  /// Type and subtype, lower-cased.
  var essence: String
  /// The parameters as written, trimmed.
  var parameters: [String]

  init(_ header: String?) {
    let parts = (header ?? "").split(
      separator: ";", omittingEmptySubsequences: false)
    essence = (parts.first ?? "").trimmingSpaces.lowercased()
    parameters = parts.dropFirst().map { String($0.trimmingSpaces) }
      .filter { !$0.isEmpty }
  }

  var isJSON: Bool {
    essence == "application/json" || essence.hasSuffix("+json")
  }

  var isEventStream: Bool { essence == "text/event-stream" }

  /// A parameter other than `charset=utf-8`, which we would ignore.
  var oddParameter: String? {
    parameters.first { parameter in
      let lower = parameter.lowercased().replacing("\"", with: "")
      return lower != "charset=utf-8" && lower != "charset=utf8"
    }
  }
}

extension StringProtocol {
  var trimmingSpaces: Substring {
    let text = Substring(self)
    let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
    let end = text.lastIndex { $0 != " " && $0 != "\t" }
    guard let end, start <= end else { return "" }
    return text[start...end]
  }
}
