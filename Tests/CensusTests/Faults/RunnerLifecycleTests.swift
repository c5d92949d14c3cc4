import Foundation
import Testing
@testable import Census

/// The runner itself under signals, deadlines, crashes and memory pressure.
@Suite struct RunnerLifecycleTests {
  let fixture = CensusBinary.fixture("servers/fixture_server.py")

  func server(_ name: String, _ mode: String, state: URL, _ extra: String = "") -> String {
    """
      - name: \(name)
        command: \(CensusBinary.python)
        args: [\(fixture), \(mode), --state, \(state.path)\(extra)]
    """
  }

  func job(_ servers: [String], limits: String) -> String {
    "version: 1\njob: life\nlimits: { \(limits) }\nservers:\n"
      + servers.joined(separator: "\n") + "\n"
  }

  /// Starts the binary without waiting for it.
  func start(_ manifest: String, out: URL, stderr: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CensusBinary.executable)
    process.arguments = ["run", manifest, "--out", out.path, "--quiet"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = stderr ?? FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Reads `pipe` until `text` has appeared, bounded.
  func waitForText(_ text: String, on pipe: Pipe) -> Bool {
    var seen = ""
    let until = Deadline.after(.seconds(10))
    while !until.hasPassed {
      let data = pipe.fileHandleForReading.availableData
      if data.isEmpty { return false }
      seen += String(decoding: data, as: UTF8.self)
      if seen.contains(text) { return true }
    }
    return false
  }

  /// Waits until `count` fixture processes have recorded themselves.
  func waitForServers(_ count: Int, in state: URL) throws {
    let until = Deadline.after(.seconds(30))
    while !until.hasPassed {
      let text = (try? String(contentsOf: state.appendingPathComponent("pids"), encoding: .utf8))
      if (text?.split(separator: "\n").count ?? 0) >= count { return }
      usleep(10_000)
    }
    Issue.record("the servers did not start within 30 s")
  }

  /// Waits for the process to end, bounded.
  func waitForExit(_ process: Process, within limit: Duration) -> Bool {
    let until = Deadline.after(limit)
    while process.isRunning && !until.hasPassed { usleep(5_000) }
    return !process.isRunning
  }

  /// Waits for the recorded fixtures to be gone, bounded.
  func noSurvivors(in state: URL) -> Bool {
    let until = Deadline.after(.seconds(5))
    while !until.hasPassed {
      if FaultRun.survivors(in: state.path).isEmpty { return true }
      usleep(10_000)
    }
    return false
  }

  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func aSignalStopsTheRunAndWritesAPartialReport(signal: Int32) throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(job([
      server("done", "ok", state: folder),
      server("hung1", "no-init", state: folder),
      server("hung2", "no-init", state: folder),
      server("queued", "ok", state: folder),
    ], limits: "concurrency: 3, startup_timeout: 60s, retries: 0"), to: "j.yaml", in: folder)
    let process = try start(manifest, out: folder)
    try waitForServers(3, in: folder)

    kill(process.processIdentifier, signal)
    #expect(waitForExit(process, within: .seconds(15)))
    #expect(process.terminationStatus == 130)
    let report = try CensusBinary.report(at: folder.appendingPathComponent("life.json").path)
    #expect(report["stoppedBy"] == .string("interrupted"))
    let statuses = report["servers"]?.arrayValue?.map { $0["status"]?.stringValue }
    #expect(statuses?[1] == "cancelled" && statuses?[2] == "cancelled")
    #expect(statuses?[3] == "cancelled" || statuses?[3] == "ok")
    #expect(noSurvivors(in: folder))
  }

  /// `nohup` starts the run with SIGHUP ignored: it stays ignored, and
  /// the run goes on to its own end.
  @Test func aHangupIgnoredAtStartStaysIgnored() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(job([
      server("hung", "no-init", state: folder),
    ], limits: "startup_timeout: 2s, retries: 0"), to: "j.yaml", in: folder)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", #"trap "" HUP; exec "$0" "$@""#, CensusBinary.executable,
      "run", manifest, "--out", folder.path, "--quiet",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    try waitForServers(1, in: folder)

    kill(process.processIdentifier, SIGHUP)
    #expect(waitForExit(process, within: .seconds(20)))
    #expect(process.terminationStatus == 3)
    let report = try CensusBinary.report(at: folder.appendingPathComponent("life.json").path)
    #expect(report["stoppedBy"] == nil)
    #expect(report["servers"]?[0]?["status"] == .string("timeout"))
    #expect(noSurvivors(in: folder))
  }

  @Test func aSecondInterruptEndsAtOnceAndLeavesNoChildren() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let stubborn = (1...4).map { server("stubborn\($0)", "stubborn", state: folder) }
    let manifest = try CensusBinary.write(
      job(stubborn, limits: "concurrency: 2"), to: "j.yaml", in: folder)
    let stderr = Pipe()
    let process = try start(manifest, out: folder, stderr: stderr)
    try waitForServers(2, in: folder)

    kill(process.processIdentifier, SIGINT)
    #expect(waitForText("interrupt again to quit at once", on: stderr))
    let second = Deadline.now()
    kill(process.processIdentifier, SIGINT)
    #expect(waitForExit(process, within: .seconds(5)))
    #expect(Deadline.now().nanoseconds - second.nanoseconds < 1_000_000_000)
    #expect(process.terminationStatus == 130)
    #expect(noSurvivors(in: folder))
  }

  @Test func aProcessThatLeftItsGroupIsStoppedToo() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(
      job([server("escapee", "escapee", state: folder)], limits: "retries: 0"),
      to: "j.yaml", in: folder)
    let outcome = try CensusBinary.run(["run", manifest, "--out", folder.path, "--quiet"])
    #expect(outcome.status == 0)
    let pids = try String(
      contentsOf: folder.appendingPathComponent("pids"), encoding: .utf8)
    #expect(pids.split(separator: "\n").count == 2)
    #expect(noSurvivors(in: folder))
  }

  @Test func aStdoutOfNothingButNoiseFailsTheServer() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(
      job([server("noisy", "noise-flood", state: folder)], limits: "retries: 2"),
      to: "j.yaml", in: folder)
    let outcome = try CensusBinary.run(["run", manifest, "--out", folder.path, "--quiet"])
    #expect(outcome.status == 3)
    let report = try CensusBinary.report(at: folder.appendingPathComponent("life.json").path)
    let noisy = try #require(report["servers"]?[0])
    #expect(noisy["error"]?["kind"] == .string("protocolViolation"))
    #expect(noisy["attempts"]?.arrayValue?.count == 1)
    #expect(noisy["error"]?["message"]?.stringValue?.contains(
      "more than 10000 lines to stdout that are not JSON-RPC") == true)
    #expect(noisy["warnings"]?.arrayValue == [.string(
      #"skipped a line of stdout that is not JSON-RPC (23 bytes): "#
        + #""DEBUG still starting up" (10000 times)"#)])
  }

  @Test func theJobDeadlineEndsEverythingInTime() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let servers = (0..<6).map { server("h\($0)", $0 % 2 == 0 ? "no-init" : "stubborn",
      state: folder) }
    let manifest = try CensusBinary.write(job(servers,
      limits: "concurrency: 3, job_timeout: 1s, startup_timeout: 1m, timeout: 1m"),
      to: "j.yaml", in: folder)
    let started = Deadline.now()
    let outcome = try CensusBinary.run(["run", manifest, "--out", folder.path, "--quiet"])
    let elapsed = Deadline.now().nanoseconds - started.nanoseconds
    #expect(outcome.status == 3)
    // One second of job, then at most one stop sequence (2 s + 2 s) in parallel.
    #expect(elapsed < 10_000_000_000)
    let report = try CensusBinary.report(at: folder.appendingPathComponent("life.json").path)
    #expect(report["stoppedBy"] == .string("jobTimeout"))
    #expect(report["servers"]?.arrayValue?.allSatisfy { $0["status"] == .string("cancelled") }
      == true)
    #expect(noSurvivors(in: folder))
  }

  /// Peak resident memory of the binary and what it started, in KiB.
  func peakMemory(answer megabytes: Int, folder: URL) throws -> Int {
    let manifest = try CensusBinary.write(job([
      server("huge", "huge", state: folder, ", --size, \"\(megabytes)\""),
    ], limits: "max_message: 16MiB, retries: 0"), to: "m\(megabytes).yaml", in: folder)
    let measure = "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
      + "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    let outcome = try CensusBinary.runProgram(CensusBinary.python, [
      "-c", measure, CensusBinary.executable, "run", manifest, "--out", folder.path,
      "--quiet",
    ])
    let report = try CensusBinary.report(at: folder.appendingPathComponent("life.json").path)
    #expect(report["servers"]?[0]?["error"]?["kind"] == .string("messageTooLarge"))
    return Int(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  @Test func memoryStaysBoundedWhateverTheAnswerSize() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let small = try peakMemory(answer: 20, folder: folder)
    let large = try peakMemory(answer: 100, folder: folder)
    #expect(small > 0 && large > 0)
    #expect(large < 80 * 1024, "peak \(large) KiB for a 100 MB answer")
    #expect(large - small < 8 * 1024, "peaks \(small) and \(large) KiB")
  }

  @Test func aRunnerKilledMidWriteLeavesThePreviousReportIntact() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(job([
      server("big", "huge", state: folder, ", --size, \"2\""),
    ], limits: "max_message: 64MiB"), to: "j.yaml", in: folder)
    let path = folder.appendingPathComponent("life.json").path
    let first = try CensusBinary.run(["run", manifest, "--out", folder.path, "--quiet"])
    #expect(first.status == 0)
    let before = try CensusBinary.report(at: path)

    let watcher = CensusBinary.fixture("servers/kill_during_write.py")
    let second = try CensusBinary.runProgram(CensusBinary.python, [
      watcher, folder.path, ".life.json.tmp-", "--", CensusBinary.executable, "run",
      manifest, "--out", folder.path, "--quiet",
    ])
    let sawTemporary = second.stdout.contains("killed")
    #expect(sawTemporary, "the kill did not land during the write: \(second.stdout)")
    let after = try CensusBinary.report(at: path)
    #expect(after["servers"]?[0]?["tools"] == before["servers"]?[0]?["tools"])
    #expect(after["startedAt"] == before["startedAt"])
  }

  @Test func missingOutputFoldersAreCreated() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = try CensusBinary.write(
      job([server("a", "ok", state: folder)], limits: "retries: 0")
        + "output: { dir: nested/reports }\n", to: "j.yaml", in: folder)
    let viaManifest = try CensusBinary.run(["run", manifest, "--quiet"])
    #expect(viaManifest.status == 0)
    #expect(FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("nested/reports/life.json").path))
    let out = folder.appendingPathComponent("a/b/c").path
    let viaOption = try CensusBinary.run(["run", manifest, "--out", out, "--quiet"])
    #expect(viaOption.status == 0)
    #expect(FileManager.default.fileExists(atPath: out + "/life.md"))
  }
}
