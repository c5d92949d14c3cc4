import Foundation
import Testing

@testable import Census

/// Full discovery against the official Python SDK's own HTTP servers.
@Suite(.serialized) struct HTTPSDKServerTests {
  private func expectCatalog(_ discovery: Discovery) {
    #expect(discovery.serverInfo?["name"] == .string("catalog"))
    let tools = discovery.items(.tools).compactMap { $0.string("name") }
    #expect(tools == ["count_words"])
    #expect(discovery.items(.resources).count == 1)
    #expect(discovery.items(.resourceTemplates).count == 1)
    #expect(discovery.items(.prompts).count == 1)
    #expect(discovery.pingLatency != nil)
  }

  private func streamable(_ peer: LoopbackPeer) -> StreamableHTTPTransport {
    StreamableHTTPTransport(
      url: HTTPURL(peer.url + "/mcp")!, headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation())
  }

  @Test(arguments: [[], ["--json"], ["--stateless"]])
  func discoversOverStreamableHTTP(_ flags: [String]) throws {
    let peer = try catalogServer(["streamable-http"] + flags)
    let transport = streamable(peer)
    let (discovery, failure) = discover(over: transport)
    transport.close()
    #expect(failure == nil)
    expectCatalog(discovery)
    #expect(ProtocolRevision.known.contains(discovery.protocolVersion ?? ""))
    #expect(discovery.warnings == [])
    #expect(transport.details.finalURL == peer.url + "/mcp")
    if flags.isEmpty {
      #expect(transport.deleteStatus.map { (200..<300).contains($0) } == true)
    }
  }

  @Test func discoversOverTheLegacySSETransport() throws {
    let peer = try catalogServer(["sse"])
    let transport = try LegacySSETransport(
      url: HTTPURL(peer.url + "/sse")!, headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation(),
      deadline: .after(.seconds(10)))
    defer { transport.close() }
    #expect(transport.endpoint.string.hasPrefix(
      peer.url + "/messages/?session_id="))
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    expectCatalog(discovery)
    #expect(transport.details.name == "sse")
  }

  @Test func autoFallsBackToTheLegacyTransportWithAWarning() throws {
    let peer = try catalogServer(["sse"])
    let transport = AutoHTTPTransport(
      url: HTTPURL(peer.url + "/sse")!, headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation())
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    expectCatalog(discovery)
    #expect(transport.details.name == "sse")
    #expect(discovery.warnings.count == 1)
    #expect(discovery.warnings.first?.hasPrefix(
      "the server refused Streamable HTTP (HTTP 405 to initialize); fell back "
        + "to the 2024-11-05 HTTP+SSE transport") == true)
  }

  @Test func autoKeepsStreamableHTTPWhenItWorks() throws {
    let peer = try catalogServer(["streamable-http"])
    let transport = AutoHTTPTransport(
      url: HTTPURL(peer.url + "/mcp")!, headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation())
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    expectCatalog(discovery)
    #expect(transport.details.name == "streamable-http")
  }

  @Test func theConnectorBuildsEachKindFromTheManifest() throws {
    let peer = try catalogServer(["streamable-http", "--json"])
    let limits = Limits.defaults
    let spec = ServerSpec(
      name: "remote", description: nil,
      endpoint: .http(
        url: peer.url + "/mcp", transport: .streamableHTTP,
        headers: ["Authorization": "Bearer s3cr3t-token"]),
      tags: [], enabled: true, limits: limits,
      mark: SourceMark(line: 1, column: 1))
    let transport = try DefaultConnector().connect(
      spec, deadline: .after(.seconds(10)), cancellation: Cancellation())
    defer { transport.close() }
    #expect(transport is StreamableHTTPTransport)
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    expectCatalog(discovery)
  }
}
