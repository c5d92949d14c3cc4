import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

@testable import Census

/// Real child processes; serialized so that descriptor counts and
/// environment changes do not interfere between tests.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct StdioTransportTests {
  private let echo = shellServer(
    #"while IFS= read -r line; do printf '%s\n' "$line"; done"#)

  @Test func echoesAMessage() throws {
    let transport = try startTransport(echo)
    defer { transport.close() }

    try transport.send(Array(#"{"id":1}"#.utf8), deadline: soon())
    #expect(text(try transport.receive(deadline: soon())) == #"{"id":1}"#)
    try transport.send(Array(#"{"id":2}"#.utf8), deadline: soon())
    #expect(text(try transport.receive(deadline: soon())) == #"{"id":2}"#)

    transport.close()
    #expect(transport.details.name == "stdio")
    #expect(transport.details.exitStatus == .exited(0))
    #expect(transport.warnings.isEmpty)
    #expect(groupIsGone(transport.processGroup))
  }

  @Test func readsCRLFFramedLines() throws {
    let transport = try startTransport(
      shellServer(#"printf '{"a":1}\r\n\r\n{"b":2}\r\n'; read x"#))
    defer { transport.close() }

    #expect(text(try transport.receive(deadline: soon())) == #"{"a":1}"#)
    #expect(text(try transport.receive(deadline: soon())) == #"{"b":2}"#)
    #expect(transport.warnings.isEmpty)
  }

  @Test func skipsNoiseAndNoiseGluedToAMessage() throws {
    let script = #"""
      printf 'Server ready\n\nINFO ready {"a":1}\n\033[31mred\n{"b":2}\n'
      read x
      """#
    let transport = try startTransport(shellServer(script))
    defer { transport.close() }

    #expect(text(try transport.receive(deadline: soon())) == #"{"a":1}"#)
    #expect(text(try transport.receive(deadline: soon())) == #"{"b":2}"#)
    #expect(
      transport.warnings == [
        #"skipped a line of stdout that is not JSON-RPC (12 bytes): "Server ready""#,
        #"skipped 11 bytes of non-JSON text before a message on stdout: "INFO ready ""#,
        #"skipped a line of stdout that is not JSON-RPC (8 bytes): "\u{1B}[31mred""#,
      ])
  }

  @Test func boundsTheNumberOfWarnings() throws {
    let transport = try startTransport(
      shellServer(
        #"i=0; while [ $i -lt 30 ]; do echo "log $i"; i=$((i+1)); done; "#
          + #"echo '{"done":1}'; read x"#))
    defer { transport.close() }

    #expect(text(try transport.receive(deadline: soon())) == #"{"done":1}"#)
    #expect(transport.warnings.count == 21)
    #expect(transport.warnings.last == "10 more warnings not recorded")
  }

  /// An answer with a bad byte is still the answer: dropping it would
  /// leave its request waiting until the attempt's timeout.
  @Test func readsAMessageThatIsNotUTF8WithTheBadBytesReplaced() throws {
    let transport = try startTransport(
      shellServer(#"printf '{"a":"\377"}\n{"b":2}\n'; read x"#))
    defer { transport.close() }

    #expect(text(try transport.receive(deadline: soon())) == "{\"a\":\"\u{FFFD}\"}")
    #expect(text(try transport.receive(deadline: soon())) == #"{"b":2}"#)
    #expect(
      transport.warnings == [
        "a message on stdout is not valid UTF-8 (9 bytes); its bad bytes were read as U+FFFD"
      ])
  }

  @Test func assemblesAMessageSentOneByteAtATime() throws {
    let transport = try startTransport(
      pythonServer(
        """
        import sys, time
        for ch in '{"slow":true}\\n':
            sys.stdout.write(ch); sys.stdout.flush(); time.sleep(0.005)
        sys.stdin.read()
        """))
    defer { transport.close() }

    #expect(text(try transport.receive(deadline: soon())) == #"{"slow":true}"#)
  }

  @Test func failsALineLargerThanMaxMessageWithBoundedMemory() throws {
    let transport = try startTransport(
      pythonServer(
        """
        import sys
        sys.stdout.write('{"big":"' + 'x' * 5000000 + '"}\\n')
        sys.stdout.flush()
        sys.stdin.read()
        """),
      maxMessage: 1024 * 1024)
    defer { transport.close() }

    let error = failure { try transport.receive(deadline: soon(30)) }
    #expect(error?.kind == .messageTooLarge)
    #expect(
      error?.message
        == "the server sent a message of more than 1 MiB (max_message); "
        + "raise max_message if it is meant to be this big")
    print("peak stdout buffer for a 5 MB line: \(transport.peakBufferedBytes)")
    #expect(transport.peakBufferedBytes <= 1024 * 1024 + 1 + 64 * 1024)
    let again = failure { try transport.receive(deadline: soon()) }
    #expect(again?.kind == .messageTooLarge)
  }

  @Test func reportsAServerThatExitsAtOnce() throws {
    let transport = try startTransport(
      shellServer("echo 'error: OPENAI_API_KEY is not set' >&2; exit 3"))
    defer { transport.close() }

    let error = failure { try transport.receive(deadline: soon()) }
    #expect(error?.kind == .exited(.exited(3)))
    #expect(
      error?.message == "the server exited with code 3 while we waited for a message")
    #expect(transport.stderrTail == "error: OPENAI_API_KEY is not set\n")
    #expect(transport.details.exitStatus == .exited(3))
  }

  @Test func reportsAServerKilledBySignal() throws {
    let transport = try startTransport(shellServer(#"printf '{"a'; kill -9 $$"#))
    defer { transport.close() }

    let error = failure { try transport.receive(deadline: soon()) }
    #expect(error?.kind == .exited(.signaled(SIGKILL)))
    #expect(
      error?.message
        == "the server was killed by signal 9 (SIGKILL) while we waited "
        + "for a message (it stopped 3 bytes into a message)")
  }

  @Test func classifiesAWriteToAServerThatClosedStdin() throws {
    let transport = try startTransport(
      shellServer(#"exec 0<&-; echo '{"ready":1}'; exit 7"#))
    defer { transport.close() }

    #expect(text(try transport.receive(deadline: soon())) == #"{"ready":1}"#)
    // A program another test starts at this moment holds a copy of the
    // pipe until its exec, and a write made meanwhile still succeeds. Once
    // that copy is gone the next write must fail, classified; if it never
    // goes, the pipe fills and the last write times out, failing the test.
    let deadline = soon()
    let error = failure {
      while true {
        try transport.send(Array(#"{"id":1}"#.utf8), deadline: deadline)
      }
    }
    #expect(error?.kind == .exited(.exited(7)))
  }

  @Test func classifiesAServerThatClosesStdoutButRuns() throws {
    let transport = try startTransport(shellServer("exec 1>&-; exec sleep 30"))
    defer { transport.close() }

    let error = failure { try transport.receive(deadline: soon()) }
    #expect(error?.kind == .protocolViolation)
    #expect(error?.message == "the server closed its stdout but is still running")
  }

  @Test func nameAProgramThatIsNotOnPATH() {
    let launch = StdioLaunch(
      command: "no-such-mcp-server", args: [], env: ["PATH": "/usr/bin:/bin"],
      cwd: "/", inheritEnv: false)
    let error = failure { try startTransport(launch) }
    #expect(
      error
        == TransportError(
          .spawnFailed,
          "cannot start 'no-such-mcp-server': no such program on PATH "
            + "(/usr/bin:/bin)"))
  }

  @Test func refusesAFileThatIsNotExecutable() {
    let launch = StdioLaunch(
      command: "/etc/passwd", args: [], env: [:], cwd: "/", inheritEnv: false)
    let error = failure { try startTransport(launch) }
    #expect(
      error
        == TransportError(
          .spawnFailed, "cannot start '/etc/passwd': the file is not executable"))
  }

  @Test func refusesAMissingWorkingFolder() {
    let error = failure {
      try startTransport(shellServer("true", cwd: "/no/such/folder"))
    }
    #expect(
      error
        == TransportError(
          .spawnFailed,
          "cannot start '/bin/sh': working folder '/no/such/folder' does not exist"))
  }

  @Test func timesOutOnASilentServer() throws {
    let transport = try startTransport(shellServer("read x"))
    defer { transport.close() }

    var error: TransportError?
    let seconds = measure {
      error = failure { try transport.receive(deadline: .after(.milliseconds(200))) }
    }
    #expect(error?.kind == .timeout)
    #expect(seconds >= 0.2 && seconds < 2)
  }

  @Test func timesOutWritingToAServerThatDoesNotRead() throws {
    let transport = try startTransport(shellServer("exec sleep 300"))
    defer { transport.close() }

    let message = [UInt8](repeating: UInt8(ascii: "x"), count: 1024 * 1024)
    let error = failure {
      try transport.send(message, deadline: .after(.milliseconds(200)))
    }
    #expect(
      error
        == TransportError(
          .timeout, "the server did not read its stdin within the time allowed"))
  }

  @Test func drainsAStderrFloodWithoutBlockingTheServer() throws {
    let script = """
      head -c 100000000 /dev/zero | tr '\\0' 'x' >&2
      printf 'LAST-LINE' >&2
      echo '{"done":true}'
      read x
      """
    let transport = try startTransport(shellServer(script))
    defer { transport.close() }

    var message: [UInt8] = []
    let seconds = try measure {
      message = try transport.receive(deadline: soon(60))
    }
    print("stderr flood of 100 MB drained in \(seconds) s")
    #expect(text(message) == #"{"done":true}"#)
    #expect(transport.stderrByteCount == 100_000_000 + 9)
    let tail = transport.stderrTail
    #expect(tail.utf8.count == 64 * 1024)
    #expect(tail.hasSuffix("xxxLAST-LINE"))
  }

  @Test func wakesABlockedReceiveOnCancellation() throws {
    let cancellation = Cancellation()
    let transport = try startTransport(shellServer("read x"), cancellation: cancellation)
    defer { transport.close() }

    let cancelledAt = Mutex<Deadline?>(nil)
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(150)) {
      cancelledAt.withLock { $0 = Deadline.now() }
      cancellation.cancel(.interrupted)
    }
    let error = failure { try transport.receive(deadline: soon(30)) }
    let woke = Deadline.now()

    #expect(error == TransportError(.cancelled, "the job was interrupted"))
    let started = try #require(cancelledAt.withLock { $0 })
    #expect(woke.nanoseconds - started.nanoseconds < 500_000_000)
  }

  @Test func closeFromAnotherThreadWakesAReceive() throws {
    let transport = try startTransport(shellServer("read x"))
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(150)) {
      transport.close()
    }
    let error = failure { try transport.receive(deadline: soon(30)) }
    #expect(error?.kind == .cancelled)
    transport.close()
    #expect(groupIsGone(transport.processGroup))
  }

  @Test func stopsAGrandchildThatKeepsStdoutOpen() throws {
    let transport = try startTransport(
      shellServer(#"sleep 300 & echo '{"hello":1}'; exit 0"#))
    let group = transport.processGroup

    #expect(text(try transport.receive(deadline: soon())) == #"{"hello":1}"#)
    let error = failure { try transport.receive(deadline: soon()) }
    #expect(error?.kind == .exited(.exited(0)))
    #expect(error?.message.hasSuffix("still holds its stdout open") == true)
    #expect(!groupIsGone(group))

    transport.close()
    #expect(groupIsGone(group))
  }

  @Test func killsAServerThatIgnoresSIGTERM() throws {
    let transport = try startTransport(
      shellServer("trap '' TERM; sleep 300 & while :; do wait; done"))
    let group = transport.processGroup

    let seconds = measure { transport.close() }
    #expect(groupIsGone(group))
    #expect(transport.details.exitStatus == .signaled(SIGKILL))
    #expect(seconds < 3)
  }

  @Test func givesTheChildOnlyTheMinimalEnvironment() throws {
    setenv("CENSUS_TEST_SECRET", "hunter2", 1)
    defer { unsetenv("CENSUS_TEST_SECRET") }
    let script = #"printf '{"secret":"%s","extra":"%s","home":"%s"}\n' "#
      + #""${CENSUS_TEST_SECRET-unset}" "$EXTRA" "${HOME-unset}"; read x"#
    let home = String(cString: getenv("HOME"))

    let minimal = try startTransport(shellServer(script, env: ["EXTRA": "yes"]))
    defer { minimal.close() }
    #expect(
      text(try minimal.receive(deadline: soon()))
        == #"{"secret":"unset","extra":"yes","home":"\#(home)"}"#)

    let inherited = try startTransport(
      shellServer(script, env: ["EXTRA": "yes"], inheritEnv: true))
    defer { inherited.close() }
    #expect(
      text(try inherited.receive(deadline: soon()))
        == #"{"secret":"hunter2","extra":"yes","home":"\#(home)"}"#)
  }

  @Test func runsInTheWorkingFolder() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("census-cwd-\(getpid())").path
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let real = try #require(realpath(folder, nil))
    defer { free(real) }

    let transport = try startTransport(
      shellServer(#"printf '{"cwd":"%s"}\n' "$(pwd -P)"; read x"#, cwd: folder))
    defer { transport.close() }
    #expect(
      text(try transport.receive(deadline: soon()))
        == #"{"cwd":"\#(String(cString: real))"}"#)
  }

  /// Descriptors are counted by the soak run, in a process of its own:
  /// here, tests running beside this one open and close them too.
  @Test func leavesNoProcessAfterFiftyServers() throws {
    var groups: [Int32] = []
    for _ in 0..<50 {
      let transport = try startTransport(echo)
      try transport.send(Array("{}".utf8), deadline: soon())
      _ = try transport.receive(deadline: soon())
      transport.close()
      groups.append(transport.processGroup)
    }
    #expect(groups.allSatisfy(groupIsGone))
  }
}
