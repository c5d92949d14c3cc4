import Dispatch
import Glibc
import Synchronization
import Testing

@testable import Census

extension StdioTransportTests {
  @Test func stopsAServerWithSIGTERMWhenItIgnoresEndOfInput() throws {
    let child = try ChildProcess(shellServer("exec sleep 300"))
    let status = child.stop(quickStop)

    #expect(status == .signaled(SIGTERM))
    #expect(groupIsGone(child.pid))
    #expect(child.standardOutput == -1 && child.standardError == -1)
  }

  @Test func startsEachServerAsTheLeaderOfItsOwnGroup() throws {
    let child = try ChildProcess(shellServer("read x"))
    defer { child.stop(quickStop) }

    #expect(getpgid(child.pid) == child.pid)
    #expect(getpgid(child.pid) != getpgrp())
  }

  @Test func resetsSignalsTheRunnerIgnores() throws {
    // An ignored SIGTERM would be inherited across exec without SETSIGDEF.
    let previous = signal(SIGTERM, SIG_IGN)
    defer { signal(SIGTERM, previous) }
    let child = try ChildProcess(shellServer("exec sleep 300"))

    #expect(child.stop(quickStop) == .signaled(SIGTERM))
  }

  /// Without close-on-exec, a server spawned at the same moment would
  /// inherit the other's stdin and keep it from ever seeing end of input.
  @Test func aServerSeesEndOfInputWhileAnotherIsStartedConcurrently() throws {
    for _ in 0..<10 {
      let slots = Slots()
      DispatchQueue.concurrentPerform(iterations: 2) { index in
        let child = try? ChildProcess(shellServer("exec cat >/dev/null"))
        if index == 0 { slots.first = child } else { slots.second = child }
      }
      let first = try #require(slots.first)
      let second = try #require(slots.second)
      defer { second.stop(quickStop) }

      first.closeStandardInput()
      let exited = first.wait(until: soon(5), onStandardError: { _ in }) {
        first.reap() != nil
      }
      #expect(exited)
      #expect(first.exitStatus == .exited(0))
      first.stop(quickStop)
    }
  }

  @Test func resolvesABareNameOnTheChildsPATH() throws {
    let launch = StdioLaunch(
      command: "sh", args: [], env: ["PATH": "/nowhere:/bin"], cwd: "/",
      inheritEnv: false)
    let plan = try LaunchPlan(launch, parentEnvironment: ["PATH": "/usr/bin"])

    #expect(plan.executable == "/bin/sh")
    #expect(plan.arguments == ["sh"])
    #expect(plan.environment == ["PATH=/nowhere:/bin"])
  }

  @Test func keepsOnlyTheMinimalVariables() {
    let parent = [
      "PATH": "/bin", "HOME": "/home/ci", "AWS_SECRET_ACCESS_KEY": "secret",
      "LANG": "C.UTF-8", "GITHUB_TOKEN": "ghp_x",
    ]
    let launch = StdioLaunch(
      command: "x", args: [], env: ["TZ": "UTC", "HOME": "/srv"], cwd: "/",
      inheritEnv: false)

    #expect(
      LaunchPlan.environment(for: launch, parent: parent)
        == ["PATH": "/bin", "HOME": "/srv", "LANG": "C.UTF-8", "TZ": "UTC"])
  }
}

/// Each concurrent iteration writes only its own property, and
/// `concurrentPerform` returns after every write: no two threads share one.
private final class Slots: @unchecked Sendable {
  var first: ChildProcess?
  var second: ChildProcess?
}
