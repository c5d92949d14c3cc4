/// Connects to servers the way the manifest says: a stdio process, or an
/// HTTP transport (Streamable HTTP, legacy SSE, or `auto`).
public struct DefaultConnector: ServerConnector {
  /// What stdio servers may inherit: read once, when the connector is
  /// made, rather than once per spawn.
  let environment: [String: String]

  public init(environment: [String: String] = ProcessEnvironment.current()) {
    self.environment = environment
  }

  public func connect(
    _ server: ServerSpec, deadline: Deadline, cancellation: Cancellation
  ) throws(TransportError) -> MessageTransport {
    let maxMessage = server.limits.maxMessage
    switch server.endpoint {
    case .stdio(let launch):
      return try StdioTransport(
        launch: launch, maxMessage: maxMessage, cancellation: cancellation,
        parentEnvironment: environment)
    case .http(let text, let kind, let headers):
      guard let url = HTTPURL(text) else {
        // The manifest's own check passed, so libcurl's parser is stricter
        // (an international host name without IDN support, say).
        throw TransportError(
          .connectionFailed,
          "libcurl cannot parse the url; check its host name and port")
      }
      switch kind {
      case .streamableHTTP:
        return StreamableHTTPTransport(
          url: url, headers: headers, maxMessage: maxMessage,
          cancellation: cancellation)
      case .sse:
        return try LegacySSETransport(
          url: url, headers: headers, maxMessage: maxMessage,
          cancellation: cancellation, deadline: deadline)
      case .auto:
        return AutoHTTPTransport(
          url: url, headers: headers, maxMessage: maxMessage,
          cancellation: cancellation)
      }
    }
  }
}
