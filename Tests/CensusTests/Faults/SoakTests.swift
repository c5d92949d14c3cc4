import Foundation
import Testing
@testable import Census

/// The soak run: 500 servers drawn from the fault modes with a fixed seed,
/// at concurrency 32, in a process of its own so descriptors can be counted.
@Suite struct SoakTests {
  @Test func fiveHundredMisbehavingServersLeaveNothingBehind() throws {
    let soak = CensusBinary.root.appendingPathComponent(".build/debug/census-soak").path
    let outcome = try CensusBinary.runProgram(soak, [
      "--python", CensusBinary.python,
      "--fixture", CensusBinary.fixture("servers/fixture_server.py"),
      "--servers", "500", "--concurrency", "32", "--seed", "42",
    ], limit: 600)
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    #expect(!outcome.stdout.contains("FAIL"))
    #expect(outcome.stdout.contains("soak: 500 servers at concurrency 32, seed 42"))
  }
}
