import Glibc
import Testing
@testable import Census

/// Writing to a descriptor that someone else made non-blocking.
@Suite struct StandardStreamsTests {
  /// A pipe whose write end is O_NONBLOCK, as a Node parent leaves stdout.
  func nonBlockingPipe() throws -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    try #require(fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK) == 0)
    return (ends[0], ends[1])
  }

  @Test func aFullPipeIsWaitedOnUntilItIsRead() throws {
    let ends = try nonBlockingPipe()
    defer { close(ends.read) }
    let text = String(repeating: "x", count: 1 << 20)
    let reader = LaneThread.start {
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      var total = 0
      while case let count = read(ends.read, &buffer, buffer.count), count > 0 {
        total += count
      }
      #expect(total == 1 << 20)
    }
    try StandardStreams.writeAll(text, to: ends.write)
    close(ends.write)
    reader.join()
  }

  /// Nobody reads, so only the time limit ends the wait.
  @Test func aPipeNobodyReadsFailsAfterTheLimit() throws {
    let ends = try nonBlockingPipe()
    defer { close(ends.read); close(ends.write) }
    let text = String(repeating: "x", count: 1 << 20)
    #expect(throws: SystemError("write", code: EAGAIN)) {
      try StandardStreams.writeAll(text, to: ends.write, stallLimit: .milliseconds(50))
    }
    #expect(StandardStreams.reason(SystemError("write", code: EAGAIN))
      == "Resource temporarily unavailable (the program reading it took nothing for 300s)")
  }
}
