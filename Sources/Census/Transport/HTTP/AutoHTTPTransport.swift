import Synchronization

/// `transport: auto`: Streamable HTTP first; when the first POST (the
/// initialize request) is refused with a 4xx other than 401, 403, 408 and
/// 429, the legacy HTTP+SSE transport on the same URL, as the
/// specification's backwards-compatibility section describes, with a
/// warning that says so.
public final class AutoHTTPTransport: MessageTransport,
  @unchecked Sendable  // `chosen` and `fallback` behind `lock`
{
  private let url: HTTPURL
  private let headers: [String: String]
  private let maxMessage: Int
  private let cancellation: Cancellation
  private let lock = Mutex(())
  private var chosen: MessageTransport
  private var decided = false
  private var fallback: String?

  /// Prepares the Streamable HTTP attempt; nothing is sent yet.
  public init(
    url: HTTPURL, headers: [String: String], maxMessage: Int,
    cancellation: Cancellation
  ) {
    self.url = url
    self.headers = headers
    self.maxMessage = maxMessage
    self.cancellation = cancellation
    chosen = StreamableHTTPTransport(
      url: url, headers: headers, maxMessage: maxMessage,
      cancellation: cancellation)
  }

  /// The transport in use now.
  var current: MessageTransport { lock.withLock { _ in chosen } }

  public var warnings: [String] {
    let (transport, fallback) = lock.withLock { _ in (chosen, self.fallback) }
    return (fallback.map { [$0] } ?? []) + transport.warnings
  }

  public var stderrTail: String { "" }

  public var details: TransportDetails { current.details }

  public func send(
    _ message: [UInt8], deadline: Deadline
  ) throws(TransportError) {
    let (transport, decided) = lock.withLock { _ in (chosen, self.decided) }
    if decided { return try transport.send(message, deadline: deadline) }
    do {
      try transport.send(message, deadline: deadline)
      lock.withLock { _ in self.decided = true }
    } catch {
      guard case .httpStatus(let status) = error.kind,
        Self.meansLegacy(status)
      else { throw error }
      transport.close()
      let legacy: LegacySSETransport
      do {
        legacy = try LegacySSETransport(
          url: url, headers: headers, maxMessage: maxMessage,
          cancellation: cancellation, deadline: deadline)
      } catch {
        // Both were tried: say so, or the first refusal is lost.
        var both = error
        both.message = "the server refused Streamable HTTP (HTTP \(status) to "
          + "initialize), and the 2024-11-05 HTTP+SSE fallback failed too: "
          + error.message
        throw both
      }
      lock.withLock { _ in
        chosen = legacy
        self.decided = true
        fallback = "the server refused Streamable HTTP (HTTP \(status) to "
          + "initialize); fell back to the 2024-11-05 HTTP+SSE transport"
      }
      try legacy.send(message, deadline: deadline)
    }
  }

  public func receive(deadline: Deadline) throws(TransportError) -> [UInt8] {
    try current.receive(deadline: deadline)
  }

  public func close() {
    current.close()
  }

  /// A 4xx that says "no Streamable HTTP here", not "no credentials".
  static func meansLegacy(_ status: Int) -> Bool {
    (400..<500).contains(status) && ![401, 403, 408, 429].contains(status)
  }
}
