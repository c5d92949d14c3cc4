import Testing

@testable import Census

@Suite struct LineBufferTests {
  private func feed(_ buffer: inout LineBuffer, _ text: String) {
    Array(text.utf8).withUnsafeBytes { buffer.append($0) }
  }

  private func lines(_ buffer: inout LineBuffer) throws -> [String] {
    var result: [String] = []
    while let line = try buffer.nextLine() {
      result.append(String(decoding: line, as: UTF8.self))
    }
    return result
  }

  @Test func splitsOnNewlinesAndDropsCarriageReturns() throws {
    var buffer = LineBuffer(limit: 100)
    feed(&buffer, "{\"a\":1}\r\n{\"b\"")
    #expect(try lines(&buffer) == ["{\"a\":1}"])

    feed(&buffer, ":2}\n\n")
    #expect(try lines(&buffer) == ["{\"b\":2}", ""])
    #expect(buffer.pendingCount == 0)
  }

  @Test func acceptsALineExactlyAtTheLimitWithCRLF() throws {
    var buffer = LineBuffer(limit: 4)
    feed(&buffer, "abcd\r")
    #expect(try buffer.nextLine() == nil)
    feed(&buffer, "\n")
    #expect(try lines(&buffer) == ["abcd"])
  }

  @Test func failsALongLineBeforeBufferingMuchPastTheLimit() {
    let limit = 1024 * 1024
    let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
    var buffer = LineBuffer(limit: limit)
    var appended = 0
    var overflow: LineBuffer.Overflow?

    while overflow == nil && appended < 5_000_000 {
      chunk.withUnsafeBytes { buffer.append($0) }
      appended += chunk.count
      do { _ = try buffer.nextLine() } catch { overflow = error }
    }

    #expect(overflow == LineBuffer.Overflow(limit: limit))
    #expect(buffer.peakCount <= limit + 1 + chunk.count)
  }

  @Test func tailKeepsTheLastBytes() {
    var tail = TailBuffer(capacity: 8)
    Array("0123456".utf8).withUnsafeBytes { tail.append($0) }
    #expect(tail.text == "0123456")

    Array("789".utf8).withUnsafeBytes { tail.append($0) }
    #expect(tail.text == "23456789")

    Array("abcdefghijkl".utf8).withUnsafeBytes { tail.append($0) }
    #expect(tail.text == "efghijkl")
    #expect(tail.totalCount == 22)
  }

  @Test(arguments: [
    ("{\"a\":1}", StdoutLine.message(Array("{\"a\":1}".utf8))),
    ("  [{\"a\":1}]", .message(Array("[{\"a\":1}]".utf8))),
    ("[]", .message(Array("[]".utf8))),
    (" \t ", .blank),
    ("Server started on stdio", .noise),
    ("[INFO] ready", .noise),
    (
      "INFO ready {\"a\":1}",
      .gluedMessage(Array("{\"a\":1}".utf8), noise: Array("INFO ready ".utf8))
    ),
    (
      "log: [{\"a\":1}]",
      .gluedMessage(Array("[{\"a\":1}]".utf8), noise: Array("log: ".utf8))
    ),
  ])
  func classifiesStdoutLines(line: String, expected: StdoutLine) {
    #expect(StdoutLine(Array(line.utf8)) == expected)
  }

  @Test func repairsInvalidUTF8InAMessage() {
    let line: [UInt8] = Array("{\"a\":\"".utf8) + [0xFF] + Array("\"}".utf8)
    #expect(StdoutLine(line) == .repairedMessage(Array("{\"a\":\"\u{FFFD}\"}".utf8)))
  }

  @Test func quotesServerTextSafely() {
    let text = Array("bad\u{1B}[2J \"x\"".utf8)
    #expect(WarningLog.quote(text) == #""bad\u{1B}[2J \"x\"""#)

    let long = Array(String(repeating: "é", count: 50).utf8)
    #expect(WarningLog.quote(long, maxBytes: 5) == "\"éé...\"")
  }

  @Test func countsWarningsPastTheLimit() {
    var log = WarningLog(limit: 2)
    for index in 0..<5 { log.add("w\(index)") }
    log.add("w0")
    #expect(log.summary == ["w0 (2 times)", "w1", "3 more warnings not recorded"])
  }
}
