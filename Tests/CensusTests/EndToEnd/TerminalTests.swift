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
