import Foundation
import Testing

@testable import Census

/// What the SDK never sends, from our own fixture peer.
@Suite(.serialized) struct HTTPFixtureTests {
  static let secret = "s3cr3t-token-value"
  static let credentials = ["Authorization": "Bearer \(secret)"]

  private func streamable(
    _ fixture: FixturePeer, _ path: String,
    headers: [String: String] = credentials,
    cancellation: Cancellation = Cancellation()
  ) -> StreamableHTTPTransport {
    StreamableHTTPTransport(
      url: fixture.url(path), headers: headers, maxMessage: 1 << 20,
      cancellation: cancellation)
  }

  /// No secret in any error message or warning.
  private func expectNoSecret(
    _ failure: TransportError?, _ warnings: [String]
  ) {
    #expect(failure?.message.contains(Self.secret) != true)
    #expect(!warnings.contains { $0.contains(Self.secret) })
  }

  @Test(arguments: ["202", "200null", "204", "200empty"])
  func acceptsEveryNotificationStatus(_ note: String) throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/json?note=\(note)")
    let (discovery, failure) = discover(over: transport)
    transport.close()
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    #expect(discovery.protocolVersion == "2025-06-18")
    #expect(discovery.warnings == [])
    let posts = fixture.requests(to: "/json").filter {
      $0["method"] == .string("POST")
    }
    #expect(posts.count == 4)
    let later = posts.dropFirst()
    #expect(later.allSatisfy {
      $0["headers"]?["mcp-session-id"] == .string("s1")
        && $0["headers"]?["mcp-protocol-version"] == .string("2025-06-18")
    })
    #expect(posts.allSatisfy {
      $0["headers"]?["accept"] == .string("application/json, text/event-stream")
        && $0["headers"]?["content-type"] == .string("application/json")
        && $0["headers"]?["authorization"] == .string("Bearer \(Self.secret)")
    })
    #expect(posts.first?["headers"]?["mcp-session-id"] == nil)
    let deletes = fixture.requests(to: "/json").filter {
      $0["method"] == .string("DELETE")
    }
    #expect(deletes.count == 1)
    #expect(transport.deleteStatus == 405)
  }

  /// Whatever reaches the transport, a header that would end its line
  /// early is not sent: the request fails before libcurl sees it.
  @Test func refusesToSendAHeaderWithALineBreak() throws {
    let fixture = try FixturePeer()
    let transport = streamable(
      fixture, "/json", headers: ["X-Tok": "tok-1q2w\r\nX-Evil: yes"])
    let (_, failure) = discover(over: transport)
    transport.close()
    #expect(failure?.kind == .protocolViolation)
    #expect(failure?.message == "during initialize: "
      + "refusing to send the header 'X-Tok': its name "
      + "is not an HTTP token or its value holds a line break or another "
      + "control character")
    #expect(fixture.requests.isEmpty)
  }

  @Test(arguments: ["/crlf", "/split", "/priming"])
  func readsEventStreamAnswers(_ path: String) throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, path)
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    #expect(discovery.warnings == [])
  }

  @Test func followsA307WithMethodAndBody() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/redirect")
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    let target = fixture.requests(to: "/redirect/")
      .filter { $0["method"] == .string("POST") }
    #expect(target.count == 4)
    #expect(target.first?["body"]?.stringValue?.contains("initialize") == true)
    #expect(target.first?["headers"]?["authorization"]
      == .string("Bearer \(Self.secret)"))
    #expect(transport.details.finalURL == fixture.peer.url + "/redirect/")
  }

  @Test func keepsCredentialsFromAnotherOrigin() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/cross")
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    let first = fixture.requests(to: "/cross")
    let moved = fixture.requests(to: "/cross-target")
    #expect(first.first?["headers"]?["authorization"] != nil)
    #expect(!moved.isEmpty)
    #expect(moved.allSatisfy { $0["headers"]?["authorization"] == nil })
    #expect(moved.first?["body"]?.stringValue?.contains("initialize") == true)
    let other = "http://127.0.0.1:\(fixture.otherPort)/cross-target"
    #expect(discovery.warnings == [
      "followed a redirect to another origin (\(other)) without the "
        + "manifest's headers (4 times)",
    ])
    expectNoSecret(failure, discovery.warnings)
  }

  @Test func recordsTheChallengeOfA401() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/auth")
    defer { transport.close() }
    let (_, failure) = discover(over: transport)
    #expect(failure?.kind == .authRequired)
    let metadata = "http://127.0.0.1:\(fixture.peer.port)"
      + "/.well-known/oauth-protected-resource"
    let challenge = #"Bearer realm="x", resource_metadata="\#(metadata)""#
    #expect(failure?.message ==
      "during initialize: the server refused the initialize POST with HTTP 401: credentials "
      + "are missing or were not accepted; set them in the server's "
      + "`headers` (no interactive sign-in is attempted)"
      + AuthChallenge.marker + challenge)
    let record = failure.map(FailureRecord.init)
    #expect(record?.challenge == challenge)
    expectNoSecret(failure, transport.warnings)
  }

  @Test func startsANewSessionOnceWhenTheServerForgetsIt() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/expire")
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    #expect(transport.warnings
      == ["the server forgot the session (HTTP 404); started a new one"])
    let methods = fixture.requests(to: "/expire").compactMap { request in
      request["body"]?.stringValue.flatMap {
        try? JSONParser.parse(Array($0.utf8))["method"]?.stringValue
      }
    }
    #expect(methods == [
      "initialize", "notifications/initialized", "tools/list",
      "initialize", "notifications/initialized", "tools/list", "ping",
    ])
    let sessions = fixture.requests(to: "/expire").map {
      $0["headers"]?["mcp-session-id"]?.stringValue ?? "-"
    }
    #expect(sessions == ["-", "s1", "s1", "-", "s2", "s2", "s2"])
    // The revision header follows initialize, in the new session too.
    let revisions = fixture.requests(to: "/expire").map {
      $0["headers"]?["mcp-protocol-version"]?.stringValue ?? "-"
    }
    #expect(revisions.map { $0 == "-" } == [true, false, false, true, false, false, false])
  }

  @Test func aStreamThatStopsMidAnswerFailsAtOnce() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/cutoff")
    defer { transport.close() }
    var result: (Discovery, TransportError?)?
    let seconds = measure { result = discover(over: transport, seconds: 10) }
    #expect(seconds < 5)
    #expect(result?.1?.kind == .connectionFailed)
    #expect(result?.1?.message == "during initialize: the event stream "
      + "for initialize stopped in the middle of an event")
  }

  /// An event past max_message is that limit's, as a JSON body past it
  /// is: not a broken connection to retry.
  @Test func anEventPastTheLimitIsTooLargeNotABrokenStream() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/endless")
    defer { transport.close() }
    let result = discover(over: transport, seconds: 10)
    #expect(result.1?.kind == .messageTooLarge, "\(String(describing: result.1))")
  }

  @Test func aServerThatNeverAnswersTimesOutAtTheDeadline() throws {
    let fixture = try FixturePeer()
    let transport = streamable(fixture, "/silent")
    defer { transport.close() }
    var error: TransportError?
    let seconds = measure {
      error = failure {
        try transport.send(initializeMessage, deadline: .after(.seconds(1)))
      }
    }
    #expect(error == TransportError(
      .timeout, "the server did not answer within the time allowed"))
    #expect(seconds >= 0.9 && seconds < 3)
  }

  @Test func manyTransportsLeaveNoConnectionOrDescriptorBehind() throws {
    let fixture = try FixturePeer()
    func run() {
      let transport = streamable(fixture, "/json")
      _ = discover(over: transport)
      transport.close()
    }
    for _ in 0..<40 { run() }
    #expect(establishedConnections(toPort: fixture.peer.port) == 0)
  }

  @Test func cancellationEndsAWaitAtOnce() throws {
    let fixture = try FixturePeer()
    let cancellation = Cancellation()
    let transport = streamable(fixture, "/silent", cancellation: cancellation)
    defer { transport.close() }
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
      cancellation.cancel(.interrupted)
    }
    let seconds = measure {
      let error = failure {
        try transport.send(initializeMessage, deadline: .after(.seconds(20)))
      }
      #expect(error?.kind == .cancelled)
    }
    #expect(seconds < 3)
  }

  /// How sending initialize to `url`, with the secret headers, fails; no
  /// secret may show in the error or the warnings.
  private func initializeFailure(_ url: String) -> TransportError? {
    let transport = StreamableHTTPTransport(
      url: HTTPURL(url)!, headers: Self.credentials, maxMessage: 1 << 20,
      cancellation: Cancellation())
    defer { transport.close() }
    let error = failure {
      try transport.send(initializeMessage, deadline: .after(.seconds(5)))
    }
    expectNoSecret(error, transport.warnings)
    return error
  }

  @Test func aClosedPortIsAConnectionFailure() throws {
    let error = initializeFailure("http://127.0.0.1:\(freePort())/mcp")
    #expect(error?.kind == .connectionFailed)
    #expect(error?.message.hasPrefix("cannot reach the server") == true)
  }

  @Test func aSelfSignedCertificateIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("census-tls-\(getpid())-\(freePort())")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let cert = folder.appendingPathComponent("cert.pem").path
    let key = folder.appendingPathComponent("key.pem").path
    let openssl = Process()
    openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    openssl.arguments = [
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
      "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", key, "-out", cert,
    ]
    openssl.standardError = FileHandle.nullDevice
    try openssl.run()
    openssl.waitUntilExit()
    try #require(openssl.terminationStatus == 0)

    let port = freePort()
    let peer = try LoopbackPeer(
      ["-c", Self.tlsServer, cert, key, "\(port)"], port: port)
    let error = initializeFailure("https://127.0.0.1:\(peer.port)/mcp")
    #expect(error?.kind == .connectionFailed)
    #expect(error?.message.hasPrefix(
      "cannot reach the server: its TLS certificate was not accepted") == true)
  }

  /// An HTTPS server on loopback with the certificate and key given.
  static let tlsServer = """
    import http.server, ssl, sys
    cert, key, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    server = http.server.HTTPServer(
        ("127.0.0.1", port), http.server.BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()
    """

  @Test func theLegacyEndpointIsResolvedBehindAPathPrefix() throws {
    let fixture = try FixturePeer()
    let transport = try LegacySSETransport(
      url: fixture.url("/legacy/prefix/sse"), headers: Self.credentials,
      maxMessage: 1 << 20, cancellation: Cancellation(),
      deadline: .after(.seconds(10)))
    defer { transport.close() }
    #expect(transport.endpoint.string
      == fixture.peer.url + "/legacy/prefix/messages/?session_id=1")
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    let posts = fixture.requests(to: "/legacy/prefix/messages/")
    #expect(posts.count == 4)
    #expect(posts.allSatisfy {
      $0["headers"]?["authorization"] == .string("Bearer \(Self.secret)")
    })
  }

  @Test func aLegacyStreamWithoutAnEndpointSaysWhatItWaitedFor() throws {
    let fixture = try FixturePeer()
    #expect {
      _ = try LegacySSETransport(
        url: fixture.url("/legacy-mute/sse"), headers: [:],
        maxMessage: 1 << 20, cancellation: Cancellation(),
        deadline: .after(.milliseconds(500)))
    } throws: { error in
      guard let error = error as? TransportError else { return false }
      return error.kind == .timeout
        && error.message.hasPrefix("the event stream sent no endpoint event")
    }
  }

  /// An endpoint on another origin is used, without the manifest's
  /// headers, and the report says where messages went.
  @Test func aLegacyEndpointOnAnotherOriginIsUsedWithAWarning() throws {
    let fixture = try FixturePeer()
    let transport = try LegacySSETransport(
      url: fixture.url("/legacy-other/sse"), headers: Self.credentials,
      maxMessage: 1 << 20, cancellation: Cancellation(),
      deadline: .after(.seconds(10)))
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    #expect(transport.warnings.contains {
      $0.hasPrefix("the endpoint event names another origin (http://127.0.0.1:")
        && $0.hasSuffix("messages go there, without the manifest's headers")
    }, "\(transport.warnings)")
    let posts = fixture.requests(to: "/legacy-other/messages/")
    #expect(!posts.isEmpty)
    #expect(posts.allSatisfy { $0["headers"]?["authorization"] == nil })
  }

  @Test func aLegacyStreamThatStopsMidAnswerFailsAtOnce() throws {
    let fixture = try FixturePeer()
    let transport = try LegacySSETransport(
      url: fixture.url("/legacy-cut/sse"), headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation(),
      deadline: .after(.seconds(10)))
    defer { transport.close() }
    var result: (Discovery, TransportError?)?
    let seconds = measure { result = discover(over: transport, seconds: 10) }
    #expect(seconds < 5)
    #expect(result?.1?.kind == .connectionFailed)
    #expect(result?.1?.message.contains(
      "the server's event stream ended in the middle of an event; the "
        + "session is over") == true)
  }

  /// When the fallback fails as well, the error tells of both refusals.
  @Test func autoSaysWhatBothTransportsAnswered() throws {
    let fixture = try FixturePeer()
    let transport = AutoHTTPTransport(
      url: fixture.url("/nowhere"), headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation())
    defer { transport.close() }
    let (_, failure) = discover(over: transport)
    let message = failure?.message ?? ""
    #expect(message.contains(
      "the server refused Streamable HTTP (HTTP 404 to initialize), and the "
        + "2024-11-05 HTTP+SSE fallback failed too: "), "\(message)")
    #expect(message.contains("404"))
  }

  @Test func autoFallsBackOnA405FromTheFixtureToo() throws {
    let fixture = try FixturePeer()
    let transport = AutoHTTPTransport(
      url: fixture.url("/legacy/prefix/sse"), headers: [:],
      maxMessage: 1 << 20, cancellation: Cancellation())
    defer { transport.close() }
    let (discovery, failure) = discover(over: transport)
    #expect(failure == nil)
    #expect(discovery.items(.tools).count == 1)
    #expect(transport.details.name == "sse")
  }
}
