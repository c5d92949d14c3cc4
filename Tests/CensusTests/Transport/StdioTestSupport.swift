import Foundation
import Glibc

@testable import Census

/// Quick stop steps, so a test that stops a stubborn server stays short.
let quickStop = StopTimings(
  grace: .milliseconds(300), terminate: .milliseconds(300), kill: .seconds(2))

/// A server written as a `/bin/sh -c` script.
func shellServer(
  _ script: String, env: [String: String] = [:], cwd: String = "/",
  inheritEnv: Bool = false
) -> StdioLaunch {
  StdioLaunch(
    command: "/bin/sh", args: ["-c", script], env: env, cwd: cwd,
    inheritEnv: inheritEnv)
}

/// A server written as a python3 one-liner.
func pythonServer(_ code: String) -> StdioLaunch {
  StdioLaunch(
    command: "python3", args: ["-c", code], env: [:], cwd: "/",
    inheritEnv: false)
}

func startTransport(
  _ launch: StdioLaunch, maxMessage: Int = 1024 * 1024,
  cancellation: Cancellation = Cancellation()
) throws(TransportError) -> StdioTransport {
  try StdioTransport(
    launch: launch, maxMessage: maxMessage, cancellation: cancellation,
    stopTimings: quickStop)
}

func soon(_ seconds: Int = 10) -> Deadline {
  .after(.seconds(seconds))
}

func text(_ bytes: [UInt8]) -> String {
  String(decoding: bytes, as: UTF8.self)
}

/// The transport error `body` throws, or nil if it returns.
func failure<Result>(_ body: () throws -> Result) -> TransportError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error as? TransportError
  }
}

/// Whether no process of group `pgid` exists any more.
func groupIsGone(_ pgid: Int32) -> Bool {
  kill(-pgid, 0) == -1 && errno == ESRCH
}

/// Seconds `body` took, for tests that check a deadline was kept.
func measure(_ body: () throws -> Void) rethrows -> Double {
  let start = Deadline.now()
  try body()
  return Double(Deadline.now().nanoseconds - start.nanoseconds) / 1e9
}
