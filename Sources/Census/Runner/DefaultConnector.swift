/// Connects to servers the way the manifest says: stdio processes for now.
public struct DefaultConnector: ServerConnector {
  public init() {}

  public func connect(
    _ server: ServerSpec, deadline: Deadline, cancellation: Cancellation
  ) throws(TransportError) -> MessageTransport {
    switch server.endpoint {
    case .stdio(let launch):
      return try StdioTransport(
        launch: launch, maxMessage: server.limits.maxMessage, cancellation: cancellation)
    case .http:
      throw TransportError(
        .connectionFailed,
        "HTTP servers are not supported by this version of mcp-census")
    }
  }
}
