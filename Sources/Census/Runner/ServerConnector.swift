/// Opens a transport to one server: starts its process or reaches its URL.
public protocol ServerConnector: Sendable {
  /// - Throws: a classified failure (`spawnFailed`, `connectionFailed`, ...).
  func connect(
    _ server: ServerSpec, deadline: Deadline, cancellation: Cancellation
  ) throws(TransportError) -> MessageTransport
}
