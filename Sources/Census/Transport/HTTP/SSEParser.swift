/// One event of a `text/event-stream`, as the WHATWG rules dispatch it.
public struct SSEEvent: Sendable, Equatable {
  /// The `event` field, `message` when the server named none.
  public var type: String
  /// The `data` lines joined with "\n".
  public var data: [UInt8]
  /// The last event id seen on the stream when this event was dispatched.
  public var lastEventID: String

  public init(type: String = "message", data: [UInt8], lastEventID: String = "") {
    self.type = type
    self.data = data
    self.lastEventID = lastEventID
  }

  /// The data as text (invalid UTF-8 repaired).
  public var text: String { String(decoding: data, as: UTF8.self) }
}

/// Turns the bytes of a `text/event-stream` into events, by the WHATWG
/// "event stream interpretation" rules, whatever the chunking.
///
/// Lines end with CRLF, LF or CR; a CR that ends one chunk and an LF that
/// starts the next are one line end. A UTF-8 BOM at the very start is
/// dropped. Comments (`:`) and unknown fields are ignored; an event with
/// no `data` line is not dispatched. An unfinished event at the end of the
/// stream is discarded (`isInsideEvent` tells whether there is one).
public struct SSEParser: Sendable {
  /// Most bytes one event (its data and current line) may hold.
  public let maxMessage: Int
  /// The stream's last event id, kept across events.
  public private(set) var lastEventID = ""
  /// The last valid `retry` value, in milliseconds.
  public private(set) var retry: Int?

  private var line: [UInt8] = []
  private var data: [UInt8] = []
  private var eventType: [UInt8] = []
  private var sawField = false
  private var lastByteWasCR = false
  private var bomMatched = 0
  private var atStart = true

  private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")
  private static let colon = UInt8(ascii: ":")
  private static let space = UInt8(ascii: " ")

  public init(maxMessage: Int) {
    self.maxMessage = maxMessage
  }

  /// Whether bytes of an event that has not ended yet are buffered.
  public var isInsideEvent: Bool {
    !line.isEmpty || sawField || bomMatched > 0
  }

  /// Reads one chunk; returns the events it completed, in order.
  /// - Throws: `.messageTooLarge` when one event grows past `maxMessage`;
  ///   the parser must not be fed again after that.
  public mutating func feed<Bytes: Sequence<UInt8>>(
    _ bytes: Bytes
  ) throws(TransportError) -> [SSEEvent] {
    var events: [SSEEvent] = []
    for byte in bytes {
      if atStart, skipsBOM(byte) { continue }

      if lastByteWasCR {
        lastByteWasCR = false
        if byte == Self.lf { continue }
      }

      switch byte {
      case Self.cr:
        lastByteWasCR = true
        if let event = endLine() { events.append(event) }
      case Self.lf:
        if let event = endLine() { events.append(event) }
      default:
        line.append(byte)
        if line.count + data.count > maxMessage { throw tooLarge() }
      }
    }
    return events
  }

  /// Consumes the bytes of a leading BOM; replays a partial match that
  /// turned out not to be one.
  private mutating func skipsBOM(_ byte: UInt8) -> Bool {
    if byte == Self.bom[bomMatched] {
      bomMatched += 1
      if bomMatched == Self.bom.count {
        atStart = false
        bomMatched = 0
      }
      return true
    }
    atStart = false
    line.append(contentsOf: Self.bom[..<bomMatched])
    bomMatched = 0
    return false
  }

  private mutating func endLine() -> SSEEvent? {
    atStart = false
    defer { line.removeAll(keepingCapacity: true) }
    if line.isEmpty { return dispatch() }
    if line.first == Self.colon { return nil }

    let name: ArraySlice<UInt8>
    var value: ArraySlice<UInt8>
    if let colon = line.firstIndex(of: Self.colon) {
      name = line[..<colon]
      value = line[(colon + 1)...]
      if value.first == Self.space { value = value.dropFirst() }
    } else {
      name = line[...]
      value = []
    }
    apply(field: name, value: value)
    return nil
  }

  private mutating func apply(
    field name: ArraySlice<UInt8>, value: ArraySlice<UInt8>
  ) {
    switch String(decoding: name, as: UTF8.self) {
    case "event":
      eventType = Array(value)
      sawField = true
    case "data":
      data.append(contentsOf: value)
      data.append(Self.lf)
      sawField = true
    case "id":
      if !value.contains(0) {
        lastEventID = String(decoding: value, as: UTF8.self)
      }
    case "retry":
      let digits = value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
      if digits, !value.isEmpty {
        retry = Int(String(decoding: value, as: UTF8.self))
      }
    default:
      break
    }
  }

  private mutating func dispatch() -> SSEEvent? {
    defer {
      data.removeAll(keepingCapacity: true)
      eventType.removeAll()
      sawField = false
    }
    guard !data.isEmpty else { return nil }
    data.removeLast()
    let type = eventType.isEmpty
      ? "message" : String(decoding: eventType, as: UTF8.self)
    return SSEEvent(type: type, data: data, lastEventID: lastEventID)
  }

  private func tooLarge() -> TransportError {
    TransportError(
      .messageTooLarge,
      "the server sent an event of more than "
        + "\(StdioTransport.size(maxMessage)) (max_message); raise "
        + "max_message if it is meant to be this big")
  }
}
