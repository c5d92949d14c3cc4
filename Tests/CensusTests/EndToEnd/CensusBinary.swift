import Foundation
import Testing

@testable import Census

/// Runs the built `mcp-census` binary the way users do, for end-to-end tests.
enum CensusBinary {
  /// The repository's top folder.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let executable = root.appendingPathComponent(".build/debug/mcp-census").path

  /// The virtual environment `make test` prepares.
  static let venv = ProcessInfo.processInfo.environment["MCP_CENSUS_VENV"]
    ?? root.appendingPathComponent(".venv").path

  static let python = venv + "/bin/python"

  static func fixture(_ path: String) -> String {
    root.appendingPathComponent("Tests/CensusTests/Fixtures/" + path).path
  }

  struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the binary and waits for it, killing it after `limit`.
  static func run(
    _ arguments: [String], environment: [String: String] = [:],
    limit: TimeInterval = 120, directory: String? = nil
  ) throws -> Outcome {
    let outcome = try runProgram(
      executable, arguments, environment: environment, limit: limit,
      directory: directory)
    try checkReports(arguments, outcome: outcome)
    return outcome
  }

  /// Every JSON report a `run` or `merge` wrote (in its `--out` folder, or
  /// streamed with `--out -`) checked against `schemas/report.schema.json`,
  /// so each end-to-end test also tests the schema.
  static func checkReports(_ arguments: [String], outcome: Outcome) throws {
    guard let command = arguments.first, command == "run" || command == "merge",
      let flag = arguments.firstIndex(of: "--out"), flag + 1 < arguments.count
    else { return }
    let out = arguments[flag + 1]
    if out == "-" {
      guard outcome.stdout.hasPrefix("{") else { return }
      let folder = try temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      try validate([try write(outcome.stdout, to: "streamed.json", in: folder)])
    } else {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
      // Only reports: tests also keep baselines and tool lists there.
      try validate(names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        .sorted().map { out + "/" + $0 }.filter(isReport))
    }
  }

  private static func validate(_ files: [String]) throws {
    guard !files.isEmpty else { return }
    let check = try runProgram(
      python, [fixture("schemas/validate.py"), "report"] + files)
    #expect(
      check.status == 0,
      "reports do not match schemas/report.schema.json:\n\(check.stdout)\(check.stderr)")
  }

  /// Runs any program with the test environment and waits for it; past
  /// `limit`, kills it and all it started, and records an issue.
  /// - Parameter standardOutput: where the program's stdout goes instead
  ///   of a pipe that is read (`/dev/full`, a pipe nobody reads); the
  ///   outcome's `stdout` is then empty.
  static func runProgram(
    _ program: String, _ arguments: [String], environment: [String: String] = [:],
    limit: TimeInterval = 120, directory: String? = nil,
    standardOutput: FileHandle? = nil
  ) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    if let directory {
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
    }
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = venv + "/bin:" + (env["PATH"] ?? "/usr/bin:/bin")
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = standardOutput ?? out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    if standardOutput != nil { try out.fileHandleForWriting.close() }
    let collected = Locked((Data(), Data()))
    let readers = DispatchGroup()
    for (index, pipe) in [out, err].enumerated() {
      DispatchQueue.global().async(group: readers) {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        collected.withLock { if index == 0 { $0.0 = data } else { $0.1 = data } }
      }
    }
    let timedOut = Locked(false)
    let pid = process.processIdentifier
    let killer = DispatchWorkItem {
      timedOut.withLock { $0 = true }
      ProcessTree.kill(pid)
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: killer)
    readers.wait()
    process.waitUntilExit()
    killer.cancel()
    if timedOut.value {
      Issue.record("\(program) \(arguments) ran past \(limit)s and was killed")
    }
    let (stdout, stderr) = collected.value
    return Outcome(
      status: process.terminationStatus,
      stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// A fresh folder for one test's manifest and reports.
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("mcp-census-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes `text` as `name` in `folder` and returns its path.
  static func write(_ text: String, to name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// Whether the file holds a JSON object with `schemaVersion`.
  static func isReport(_ path: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path),
      let value = try? JSONParser.parse(Array(data))
    else { return false }
    return value["schemaVersion"] != nil
  }

  /// Reads and parses a JSON report.
  static func report(at path: String) throws -> JSONValue {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try JSONParser.parse(Array(data))
  }
}
