import Foundation
import Glibc
import Testing
@testable import Census

/// Output the user asked for that cannot be written is an error with
/// exit 3, never a silent success: stdout full, closed, or without a
/// reader, and report files that do not fit.
@Suite struct OutputFailureTests {
  let fixture = CensusBinary.fixture("servers/fixture_server.py")

  /// A job of one fixture server started with `arguments` (its mode
  /// first), written to `job.yaml` in `folder`.
  func manifest(in folder: URL, arguments: String = "ok") throws -> String {
    try CensusBinary.write("""
      version: 1
      job: e2e
      servers:
        - name: a
          command: \(CensusBinary.python)
          args: [\(fixture), \(arguments)]
      """, to: "job.yaml", in: folder)
  }

  /// Runs the binary with stdout on `/dev/full`, where every write fails
  /// with ENOSPC.
  func runOnFullDisk(_ arguments: [String]) throws -> CensusBinary.Outcome {
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    defer { try? full.close() }
    return try CensusBinary.runProgram(
      CensusBinary.executable, arguments, standardOutput: full)
  }

  @Test func aStreamedReportThatDoesNotFitIsAnError() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try runOnFullDisk(
      ["run", try manifest(in: folder), "--out", "-", "--quiet"])
    #expect(outcome.status == 3)
    #expect(outcome.stderr == """
      mcp-census: error: cannot write the report to standard output: \
      No space left on device

      """)
  }

  /// Runs the binary through `streams/stdout_pipe.py`, which sets its
  /// stdout pipe up as `mode` says and exits with the binary's code.
  func runOnPipe(_ mode: String, _ arguments: [String]) throws -> CensusBinary.Outcome {
    try CensusBinary.runProgram(
      CensusBinary.python,
      [CensusBinary.fixture("streams/stdout_pipe.py"), mode, CensusBinary.executable]
        + arguments)
  }

  /// With SIGPIPE at its default (as a shell leaves it for `| true`) and
  /// no server started first, only `StandardStreams.prepare` stands
  /// between a write and death by signal.
  @Test(arguments: [("--help", "the help"), ("--version", "the version")])
  func outputWhoseReaderIsGoneIsAnErrorNotSIGPIPE(
    _ argument: String, _ what: String
  ) throws {
    let outcome = try runOnPipe("closed", [argument])
    #expect(outcome.status != 128 + SIGPIPE, "killed by SIGPIPE")
    #expect(outcome.status == 3)
    #expect(outcome.stderr == """
      mcp-census: error: cannot write \(what) to standard output: \
      Broken pipe (the program reading it exited first)

      """)
  }

  /// A stdout left O_NONBLOCK by the parent, read only once it is full:
  /// the report waits for room instead of stopping at the pipe's size.
  @Test func aStreamedReportWaitsOnANonBlockingStdout() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try manifest(in: folder, arguments: #"huge, --size, "1""#)
    let arguments = ["run", path, "--out", "-", "--quiet"]
    let outcome = try runOnPipe("nonblocking", arguments)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stderr.isEmpty)
    #expect(outcome.stdout.utf8.count > 1 << 20, "the report stopped early")
    #expect(CensusBinary.isReport(
      try CensusBinary.write(outcome.stdout, to: "streamed.json", in: folder)))
    try CensusBinary.checkReports(arguments, outcome: outcome)
  }

  /// The binary ignores SIGPIPE here whatever `prepare` does (the server
  /// spawn does too); `outputWhoseReaderIsGoneIsAnErrorNotSIGPIPE` tests
  /// that part.
  @Test func aStreamedReportWhoseReaderIsGoneIsAnError() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var ends: [Int32] = [-1, -1]
    #expect(pipe(&ends) == 0)
    close(ends[0])
    let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
    let outcome = try CensusBinary.runProgram(
      CensusBinary.executable,
      ["run", try manifest(in: folder), "--out", "-", "--format", "markdown"],
      standardOutput: writer)
    #expect(outcome.status == 3)
    #expect(outcome.stderr.contains("""
      mcp-census: error: cannot write the report to standard output: \
      Broken pipe (the program reading it exited first)
      """))
    #expect(!outcome.stderr.contains("e2e: 1 ok"), "no summary of a lost report")
  }

  @Test func streamingToAClosedStdoutIsRefusedBeforeAnythingRuns() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let state = folder.appendingPathComponent("state").path
    let path = try manifest(in: folder, arguments: "ok, --state, \(state)")
    let outcome = try CensusBinary.runProgram(
      "/bin/sh", ["-c", "exec \"$0\" \"$@\" >&-", CensusBinary.executable,
        "run", path, "--out", "-"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("""
      mcp-census: error: --out - streams the report to standard output, which \
      is closed; give it a file or pipe, or write the reports with --out DIR
      """))
    #expect(!FileManager.default.fileExists(atPath: state), "a server was started")
  }

  @Test func otherCommandsSayTheirStdoutIsClosed() throws {
    let outcome = try CensusBinary.runProgram(
      "/bin/sh", ["-c", "exec \"$0\" \"$@\" >&-", CensusBinary.executable, "--version"])
    #expect(outcome.status == 3)
    #expect(outcome.stderr == """
      mcp-census: error: cannot write the version to standard output: \
      Bad file descriptor (standard output is closed)

      """)
  }

  /// A valid manifest's summary that does not fit leaves 3 to an invalid
  /// one: 2, a manifest error, is the first row of the exit codes.
  @Test func validateKeeps2WhenStdoutDoesNotTakeTheSummary() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bad = try CensusBinary.write("version: 1\njob: bad\n", to: "bad.yaml", in: folder)
    let outcome = try runOnFullDisk(["validate", try manifest(in: folder), bad])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(
      "mcp-census: error: cannot write the validation summary to standard output: "
        + "No space left on device\n"))
  }

  /// A saved report to give `diff` and `audit`.
  func savedReport(in folder: URL) throws -> String {
    let outcome = try CensusBinary.run(
      ["run", try manifest(in: folder), "--out", folder.path, "--quiet"])
    #expect(outcome.status == 0)
    return folder.appendingPathComponent("e2e.json").path
  }

  @Test func everyCommandFailsWhenStdoutDoesNotTakeItsOutput() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = try savedReport(in: folder)
    let config = CensusBinary.fixture("import/home/.cursor/mcp.json")
    let cases: [([String], String)] = [
      (["--version"], "the version"),
      (["--help"], "the help"),
      (["run", "-h"], "the help"),
      (["validate", try manifest(in: folder)], "the validation summary"),
      (["diff", report, report], "the drift"),
      (["diff", report, report, "--format", "json"], "the drift"),
      (["audit", report], "the findings"),
      (["audit", report, "--format", "sarif"], "the findings"),
      (["import", config], "the manifest"),
    ]
    for (arguments, what) in cases {
      let outcome = try runOnFullDisk(arguments)
      #expect(outcome.status == 3, "\(arguments)")
      #expect(
        outcome.stderr.contains(
          "mcp-census: error: cannot write \(what) to standard output: "
            + "No space left on device\n"),
        "\(arguments): \(outcome.stderr)")
    }
  }

  /// A file-size limit stands in for a full disk: with SIGXFSZ ignored,
  /// a write past it fails with EFBIG.
  @Test func aReportFileThatDoesNotFitExits3AndHelpSaysSo() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try CensusBinary.runProgram(
      "/bin/sh",
      ["-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"", CensusBinary.executable,
        "run", try manifest(in: folder), "--out", folder.path, "--quiet"])
    #expect(outcome.status == 3)
    #expect(outcome.stderr.hasPrefix(
      "mcp-census: error: cannot write the reports: cannot write \(folder.path)/.e2e.json.tmp-"))
    #expect(outcome.stderr.hasSuffix(": File too large\n"))
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/e2e.json"))

    let help = try CensusBinary.run(["run", "--help"])
    #expect(help.stdout.contains("""
        3    the reports could not be written (a file, or stdout with --out -);
      """))
  }
}
