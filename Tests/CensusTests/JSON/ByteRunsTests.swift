import Testing

@testable import Census

/// `runEnd` tests eight bytes at a time; it must stop exactly where a
/// byte-by-byte scan stops, for every set of stops, wherever in a word
/// the stop falls and however the buffer is aligned.
@Suite struct ByteRunsTests {
  /// The edges of every class, and plain bytes to make runs long.
  private static let alphabet: [UInt8] = [
    0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F,
    0x80, 0x81, 0xC3, 0xFE, 0xFF,
  ] + Array(repeating: UInt8(ascii: "a"), count: 40)

  private func naiveEnd(_ bytes: [UInt8], from start: Int, _ stops: RunStops) -> Int {
    bytes[start...].firstIndex { stops.contains(byte: $0) } ?? bytes.count
  }

  @Test func stopsWhereAByteByByteScanStops() {
    var random = SeededGenerator()
    for trial in 0..<20_000 {
      let stops = RunStops(rawValue: UInt8(trial % 32))
      let bytes = (0..<random.pick(48)).map { _ in random.element(Self.alphabet) }
      let start = bytes.isEmpty ? 0 : random.pick(bytes.count + 1)
      // A leading pad moves the buffer off any alignment.
      let pad = random.pick(8)
      let padded = Array(repeating: UInt8(0x22), count: pad) + bytes
      let found = padded.withUnsafeBufferPointer { whole in
        UnsafeBufferPointer(rebasing: whole[pad...])
          .runEnd(from: start, stoppingAt: stops)
      }
      let expected = naiveEnd(bytes, from: start, stops)
      #expect(found == expected, "stops \(stops.rawValue) in \(bytes) from \(start)")
      if found != expected { return }
    }
  }

  @Test func eachStopIsFoundInEveryPositionOfAWord() {
    let cases: [(RunStops, UInt8)] = [
      (.quote, 0x22), (.backslash, 0x5C), (.control, 0x00), (.control, 0x1F),
      (.delete, 0x7F), (.nonASCII, 0x80), (.nonASCII, 0xFF),
    ]
    for (stops, byte) in cases {
      for position in 0..<24 {
        var bytes = Array(repeating: UInt8(ascii: "x"), count: 24)
        bytes[position] = byte
        let found = bytes.withUnsafeBufferPointer {
          $0.runEnd(from: 0, stoppingAt: stops)
        }
        #expect(found == position, "byte \(byte) at \(position)")
      }
      // A byte of another class is not a stop.
      let others = Array(repeating: UInt8(ascii: "x"), count: 24)
      #expect(others.withUnsafeBufferPointer {
        $0.runEnd(from: 0, stoppingAt: stops)
      } == 24)
    }
  }

  @Test func comparesBytesAsEqualityOfArraysDoes() {
    var random = SeededGenerator()
    for _ in 0..<5_000 {
      let left = (0..<random.pick(20)).map { _ in UInt8(random.pick(3)) }
      var right = left
      switch random.pick(3) {
      case 0: break
      case 1 where !right.isEmpty: right[random.pick(right.count)] ^= 1
      default: right.append(UInt8(random.pick(3)))
      }
      let same = left.withUnsafeBufferPointer { left in
        right.withUnsafeBufferPointer { left.sameBytes(as: $0) }
      }
      #expect(same == (left == right), "\(left) against \(right)")
    }
  }
}
