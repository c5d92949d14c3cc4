import Foundation
import Testing
@testable import Census

/// Every kind of stdio and protocol misbehaviour, each with its one outcome.
@Suite struct FaultTests {
  @Test(arguments: FaultCase.all)
  func eachFaultHasItsOneRightOutcome(_ fault: FaultCase) throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let server = FaultRun.spec(
      "s", mode: fault.mode, arguments: fault.arguments, state: state.path,
      limits: FaultRun.limits(for: fault))
    let record = FaultRun.report(servers: [server]).servers[0]

    #expect(record.status == fault.status, "\(record.failure?.message ?? "")")
    #expect(record.failure?.kind == fault.kind)
    #expect(record.attempts.count == fault.attempts)
    #expect(record.discovery.warnings == fault.warnings)
    #expect(FaultRun.survivors(in: state.path).isEmpty)
  }

  @Test func aHugeAnswerIsReadWhole() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let fault = FaultCase(mode: "huge", arguments: ["--size", "50"], status: .ok)
    let server = FaultRun.spec(
      "s", mode: "huge", arguments: fault.arguments, state: state.path,
      limits: FaultRun.limits(for: fault))
    let record = FaultRun.report(servers: [server]).servers[0]
    let description = record.discovery.items(.tools).first?.value["description"]?.stringValue
    #expect(description?.utf8.count == 50 * 1024 * 1024)
  }

  @Test func aTooLargeAnswerSaysWhatToRaise() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let fault = FaultCase.all.first { $0.kind == "messageTooLarge" }!
    let server = FaultRun.spec(
      "s", mode: "huge", arguments: fault.arguments, state: state.path,
      limits: FaultRun.limits(for: fault))
    let record = FaultRun.report(servers: [server]).servers[0]
    #expect(record.failure?.message
      == "during tools/list: the server sent a message of more than 16 MiB "
        + "(max_message); raise max_message if it is meant to be this big")
  }

  @Test func aServerThatExitsLeavesItsCodeAndStderr() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let server = FaultRun.spec(
      "s", mode: "exit", arguments: ["--code", "4"], state: state.path,
      limits: FaultRun.limits(for: FaultCase(mode: "exit", status: .failed)))
    let record = FaultRun.report(servers: [server]).servers[0]
    #expect(record.failure?.exitCode == 4)
    #expect(record.stderrTail == "fixture: OPENAI_API_KEY is not set; cannot start\n")
  }

  @Test func aStderrFloodKeepsOnlyTheLastBytes() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let fault = FaultCase(mode: "stderr-flood", arguments: ["--size", "100"], status: .ok)
    let server = FaultRun.spec(
      "s", mode: fault.mode, arguments: fault.arguments, state: state.path,
      limits: FaultRun.limits(for: fault))
    let record = FaultRun.report(servers: [server]).servers[0]
    let tail = record.stderrTail ?? ""
    #expect(tail.utf8.count <= StdioTransport.stderrTailCapacity)
    #expect(tail.hasSuffix("fixture: the last line of the flood\n"))
  }

  @Test func pagesAreJoinedAndARepeatingCursorIsCut() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let limits = FaultRun.limits(for: FaultCase(mode: "pages", status: .ok))
    let report = FaultRun.report(servers: [
      FaultRun.spec("pages", mode: "pages", arguments: [], state: state.path, limits: limits),
      FaultRun.spec("stuck", mode: "stuck-cursor", arguments: [], state: state.path,
        limits: limits),
    ])
    let pages = report.servers[0].discovery.lists[0]
    let names = pages.items.compactMap { $0.string("name") }
    #expect(names == ["echo_0", "echo_1", "echo_2"])
    #expect(pages.pages == 3)
    let stuck = report.servers[1].discovery.lists[0]
    #expect(stuck.truncated == "the server repeated the cursor 'again'")
    // The repeated page's tools are kept once, not twice.
    #expect(stuck.items.compactMap { $0.string("name") } == ["echo", "delete_all"])
  }

  @Test func pagesThatAddNothingNewAreCut() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let limits = FaultRun.limits(for: FaultCase(mode: "same-page", status: .partial))
    let report = FaultRun.report(servers: [
      FaultRun.spec("same", mode: "same-page", arguments: [], state: state.path,
        limits: limits)
    ])
    let list = report.servers[0].discovery.lists[0]
    #expect(list.pages == 2)
    #expect(list.truncated == "page 2 added nothing new but had a next cursor")
    #expect(list.items.compactMap { $0.string("name") } == ["echo", "delete_all"])
  }

  /// startup_timeout bounds the start and timeout the lists after it:
  /// a start slower than timeout but within startup_timeout is fine.
  @Test func aSlowStartIsStartupTimeoutsNotTimeouts() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    var limits = FaultRun.limits(for: FaultCase(mode: "slow-start", status: .ok))
    limits.retries = 0
    limits.timeout = .milliseconds(500)
    limits.startupTimeout = .seconds(20)
    var quick = limits
    quick.startupTimeout = .milliseconds(500)
    let report = FaultRun.report(servers: [
      FaultRun.spec("slow", mode: "slow-start", arguments: ["--delay", "1.5"],
        state: state.path, limits: limits),
      FaultRun.spec("impatient", mode: "slow-start", arguments: ["--delay", "1.5"],
        state: state.path, limits: quick),
    ])
    #expect(report.servers[0].status == .ok)
    #expect(report.servers[0].discovery.lists.first?.items.count == 2)
    #expect(report.servers[1].status == .timeout)
    #expect(report.servers[1].failure?.kind == "startupTimeout")
  }

  @Test func aListThatHangsRunsOutOfTimeout() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    var limits = FaultRun.limits(for: FaultCase(mode: "hang-list", status: .timeout))
    limits.retries = 0
    limits.timeout = .milliseconds(300)
    let report = FaultRun.report(servers: [
      FaultRun.spec("hang", mode: "hang-list", arguments: [], state: state.path,
        limits: limits)
    ])
    #expect(report.servers[0].status == .timeout)
    #expect(report.servers[0].failure?.kind == "timeout")
    #expect(report.servers[0].failure?.message
      == "the attempt ran past timeout (300ms) waiting for the answer to tools/list")
  }

  @Test func aServerThatIgnoresPingKeepsItsStatusAndHasNoFigure() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    var limits = FaultRun.limits(for: FaultCase(mode: "no-ping", status: .ok))
    limits.timeout = .seconds(30)
    let report = FaultRun.report(servers: ["no-ping", "exit-on-ping"].map {
      FaultRun.spec($0, mode: $0, arguments: [], state: state.path, limits: limits)
    })
    for server in report.servers {
      #expect(server.status == .ok, "\(server.name)")
      #expect(server.attempts.count == 1, "\(server.name)")
      #expect(server.discovery.pingLatency == nil, "\(server.name)")
      #expect(server.discovery.lists.first?.items.count == 2, "\(server.name)")
    }
    // The ping waits 2 s, not the attempt's 30 s.
    #expect(report.servers[0].durationMilliseconds < 20_000)
  }

  @Test func revisionsAreRecorded() throws {
    let state = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: state) }
    let limits = FaultRun.limits(for: FaultCase(mode: "ok", status: .ok))
    let report = FaultRun.report(servers: ["old-rev", "batch", "unknown-rev"].map {
      FaultRun.spec($0, mode: $0, arguments: [], state: state.path, limits: limits)
    })
    #expect(report.servers.map(\.discovery.protocolVersion)
      == ["2024-11-05", "2025-03-26", "1999-01-01"])
    #expect(report.servers[2].failure?.message.contains("'1999-01-01'") == true)
  }
}
