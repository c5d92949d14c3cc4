import Foundation
import Testing
@testable import Census

/// The live progress line: drawn only on a terminal, coloured unless NO_COLOR.
@Suite struct TerminalTests {
  func manifest(in folder: URL) throws -> String {
    try CensusBinary.write("""
      version: 1
      job: tty
      servers:
        - name: good
          command: \(CensusBinary.python)
          args: [\(CensusBinary.fixture("servers/fixture_server.py")), ok]
        - name: bad
          command: no-such-program-for-tty-test
      """, to: "tty.yaml", in: folder)
  }

  /// Runs the binary under `script(1)`, which gives it a pseudo-terminal.
  func runOnTerminal(_ path: String, folder: URL, noColor: Bool) throws -> String {
    let command = "\(CensusBinary.executable) run \(path) --out \(folder.path)"
    let outcome = try CensusBinary.runProgram(
      "/usr/bin/script", ["-qec", command, "/dev/null"],
      environment: noColor ? ["NO_COLOR": "1"] : ["NO_COLOR": ""])
    #expect(outcome.status == 3)
    return outcome.stdout
  }

  @Test func drawsALiveLineWithColourOnATerminal() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let screen = try runOnTerminal(try manifest(in: folder), folder: folder, noColor: false)
    #expect(screen.contains("\r\u{1B}[2K2/2 done"))
    #expect(screen.contains("in flight"))
    #expect(screen.contains("\u{1B}[1;31m1 failed\u{1B}[0m"))
  }

  @Test func honoursNoColor() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let screen = try runOnTerminal(try manifest(in: folder), folder: folder, noColor: true)
    #expect(screen.contains("2/2 done, 1 failed"))
    #expect(!screen.contains("\u{1B}[1;31m"))
  }

  @Test func drawsNothingWhenStderrIsNotATerminal() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try CensusBinary.run(["run", try manifest(in: folder), "--out", folder.path])
    #expect(outcome.status == 3)
    #expect(!outcome.stderr.contains("in flight"))
    #expect(!outcome.stderr.contains("\u{1B}"))
    #expect(outcome.stderr.contains("bad: failed spawnFailed: cannot start"))
  }
}

/// The line keeps time while nothing happens.
extension TerminalTests {
  /// A program on a pseudo-terminal whose screen the test reads as it comes.
  final class LiveScreen: @unchecked Sendable {
    // @unchecked: `text` is behind a Locked; the rest is set once in init.
    let process = Process()
    private let text = Locked("")
    private let changed = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    init(_ command: String) throws {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
      process.arguments = ["-qec", command, "/dev/null"]
      var environment = ProcessInfo.processInfo.environment
      environment["NO_COLOR"] = "1"
      process.environment = environment
      let out = Pipe()
      process.standardOutput = out
      process.standardError = FileHandle.nullDevice
      process.standardInput = FileHandle.nullDevice
      let exited = self.exited
      process.terminationHandler = { _ in exited.signal() }
      try process.run()
      let reader = out.fileHandleForReading
      let text = self.text
      let changed = self.changed
      Thread.detachNewThread {
        while true {
          let data = reader.availableData
          if data.isEmpty { break }
          text.withLock { $0 += String(decoding: data, as: UTF8.self) }
          changed.signal()
        }
        changed.signal()
      }
    }

    var screen: String { text.value }

    /// Waits until the screen shows what `seen` looks for, or `limit` passes.
    func wait(limit: TimeInterval, until seen: (String) -> Bool) -> Bool {
      let end = DispatchTime.now() + limit
      while !seen(screen) {
        if changed.wait(timeout: end) == .timedOut { return seen(screen) }
      }
      return true
    }

    /// Waits until `script` has exited, or `limit` passes.
    func waitForExit(limit: TimeInterval) -> Bool {
      exited.wait(timeout: .now() + limit) == .success
    }

    /// Kills `script`, the program on its terminal, and all that started,
    /// if `script` still runs: what a failed or timed-out test leaves.
    func end() {
      if process.isRunning { ProcessTree.kill(process.processIdentifier) }
    }
  }

  @Test func theElapsedTimeRunsOnWhileAServerIsSlow() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let release = folder.appendingPathComponent("release").path
    let server = CensusBinary.fixture("servers/fixture_server.py")
    let path = try CensusBinary.write("""
      version: 1
      job: slow
      servers:
        - name: held
          command: /bin/sh
          args:
            - -c
            - while [ ! -e \(release) ]; do sleep 0.05; done; \
      exec \(CensusBinary.python) \(server) ok
      """, to: "slow.yaml", in: folder)
    let screen = try LiveScreen(
      "\(CensusBinary.executable) run \(path) --out \(folder.path)")
    defer { screen.end() }

    // Nothing happens while the server is held, so only a tick can draw
    // a second or more.
    let ticked = screen.wait(limit: 60) { text in
      text.range(of: #"0/1 done, 1 in flight, [1-9][0-9]*\.[0-9]s"#,
        options: .regularExpression) != nil
    }
    #expect(FileManager.default.createFile(atPath: release, contents: nil))
    #expect(ticked, "no redraw between events: \(screen.screen.debugDescription)")
    try #require(screen.waitForExit(limit: 60), "still running: \(screen.screen.debugDescription)")
    #expect(screen.process.terminationStatus == 0)

    // The line is cleared before the closing summary, and never drawn again.
    let text = screen.wait(limit: 10) { $0.contains("reports: ") } ? screen.screen : ""
    let summary = try #require(text.range(of: "slow: 1 ok"))
    #expect(text[summary.lowerBound...].contains("in flight") == false)
    #expect(text.contains("1/1 done, 0 in flight"))
  }
}
