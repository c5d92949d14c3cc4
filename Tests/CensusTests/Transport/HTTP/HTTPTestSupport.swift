import Foundation
import Glibc

@testable import Census

/// A loopback port nobody listens on right now: bound to port 0, read
/// back, closed.
func freePort() -> Int {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = loopback(port: 0)
  _ = withUnsafePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  _ = withUnsafeMutablePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      getsockname(fd, $0, &length)
    }
  }
  return Int(UInt16(bigEndian: address.sin_port))
}

private func loopback(port: Int) -> sockaddr_in {
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = UInt16(port).bigEndian
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  return address
}

/// Whether something accepts TCP connections on the loopback port.
func isListening(_ port: Int) -> Bool {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = loopback(port: port)
  let result = withUnsafePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  return result == 0
}

struct PeerNotReady: Error, CustomStringConvertible {
  var description: String
}

/// A server process on loopback for one test: started in its own process
/// group, its output sent to a file, stopped (group and all) in `deinit`.
final class LoopbackPeer {
  let port: Int
  let child: ChildProcess
  let outputFile: String

  /// Starts `arguments` under the venv python and polls until `port`
  /// accepts connections (at most `within`: importing the SDK took over
  /// 20 s once while the soak test kept both cores busy).
  init(
    _ arguments: [String], port: Int, within: Duration = .seconds(60)
  ) throws {
    self.port = port
    outputFile = NSTemporaryDirectory() + "census-peer-\(port).log"
    let script = #"exec "$0" "$@" >"$PEER_LOG" 2>&1"#
    let launch = StdioLaunch(
      command: "/bin/sh",
      args: ["-c", script, CensusBinary.python] + arguments,
      env: ["PEER_LOG": outputFile, "PYTHONUNBUFFERED": "1"],
      cwd: CensusBinary.root.path, inheritEnv: true)
    child = try ChildProcess(launch)
    let deadline = Deadline.after(within)
    while !isListening(port) {
      if deadline.hasPassed || child.reap() != nil {
        child.stop(quickStop)
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8))
        throw PeerNotReady(
          description: "peer on port \(port) not ready: \(output ?? "")")
      }
      var descriptor = pollfd(
        fd: child.exitDescriptor, events: Int16(POLLIN), revents: 0)
      _ = poll(&descriptor, 1, 20)
    }
  }

  deinit {
    child.stop(quickStop)
    try? FileManager.default.removeItem(atPath: outputFile)
  }

  var url: String { "http://127.0.0.1:\(port)" }
}

/// The official SDK's catalog server in one of its HTTP modes.
func catalogServer(_ arguments: [String]) throws -> LoopbackPeer {
  let port = freePort()
  let script = CensusBinary.root.appendingPathComponent(
    "manifests/servers/catalog_server.py").path
  return try LoopbackPeer(
    [script] + arguments + ["--port", "\(port)"], port: port)
}

/// Our fixture peer, with the log of what it received.
final class FixturePeer {
  let peer: LoopbackPeer
  let otherPort: Int
  let logFile: String

  init() throws {
    let port = freePort()
    otherPort = freePort()
    logFile = NSTemporaryDirectory() + "census-fixture-\(port).jsonl"
    peer = try LoopbackPeer(
      [CensusBinary.fixture("servers/http_fixture.py"), "--port", "\(port)",
       "--other-port", "\(otherPort)", "--log", logFile],
      port: port)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: logFile)
  }

  func url(_ path: String) -> HTTPURL {
    HTTPURL(peer.url + path)!
  }

  /// Every request the fixture received, in order.
  var requests: [JSONValue] {
    let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap {
      try? JSONParser.parse(Array($0.utf8))
    }
  }

  func requests(to path: String) -> [JSONValue] {
    requests.filter { $0["path"]?.stringValue == path }
  }
}

/// A discovery run with short limits.
func discover(
  over transport: MessageTransport, seconds: Int = 15
) -> (Discovery, TransportError?) {
  let discoverer = Discoverer(
    clientVersion: "test", kinds: DiscoveryKind.allCases,
    startupDeadline: .after(.seconds(seconds)),
    deadline: .after(.seconds(seconds)))
  return discoverer.run(over: transport)
}

/// A message as bytes.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

let initializeMessage = bytes(
  #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"#
    + #""protocolVersion":"2025-06-18","capabilities":{},"#
    + #""clientInfo":{"name":"t","version":"1"}}}"#)

/// Open TCP connections from this machine to `port` on loopback, read from
/// /proc/net: only the connections our transports made count, whatever
/// other tests are doing with descriptors meanwhile.
func establishedConnections(toPort port: Int) -> Int {
  let hexPort = String(format: "%04X", port)
  var count = 0
  for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
    let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: " ")
      guard fields.count > 3 else { continue }
      let remote = fields[2].split(separator: ":").last.map(String.init)
      if remote == hexPort && fields[3] == "01" { count += 1 }
    }
  }
  return count
}
