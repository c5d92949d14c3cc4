/// Splits a byte stream into lines on "\n", dropping a "\r" before it
/// (CRLF framing), and refuses lines longer than a limit.
///
/// Memory stays bounded: the caller appends one chunk, then takes lines
/// until none is complete, and `nextLine` fails as soon as the unfinished
/// line passes the limit, so the buffer never holds more than the limit
/// plus one chunk. The search for "\n" resumes where it stopped, so a long
/// line that arrives in many pieces is scanned once, not once per piece.
struct LineBuffer {
  /// A line, or the unfinished start of one, longer than `limit`.
  struct Overflow: Error, Equatable {
    var limit: Int
  }

  /// Largest line accepted, in bytes, without its line ending.
  let limit: Int
  private var bytes: [UInt8] = []
  /// Where the current line starts; bytes before it were handed out.
  private var head = 0
  /// `bytes[head..<scanned]` is known to hold no "\n".
  private var scanned = 0
  /// The most bytes ever held at once, for tests and measurements.
  private(set) var peakCount = 0

  init(limit: Int) {
    self.limit = limit
  }

  /// Bytes of the unfinished line.
  var pendingCount: Int { bytes.count - head }

  /// Adds bytes read from the stream.
  mutating func append(_ chunk: UnsafeRawBufferPointer) {
    if head > 0 {
      bytes.removeSubrange(0..<head)
      scanned -= head
      head = 0
    }
    reserve(bytes.count + chunk.count, ceiling: limit + 1 + chunk.count)
    bytes.append(contentsOf: chunk)
    peakCount = max(peakCount, bytes.count)
  }

  /// Grows the storage by doubling, as Array would, except that a
  /// doubling that would leave the next one past `ceiling` (the most the
  /// limit lets the buffer hold) goes to `ceiling` at once: a message near
  /// the limit is then copied once into a block of its size, not again
  /// into one twice as big, and the peak no longer depends on how the
  /// reads happened to fall.
  private mutating func reserve(_ needed: Int, ceiling: Int) {
    guard needed > bytes.capacity else { return }
    var target = max(needed, bytes.capacity * 2)
    if target * 2 > ceiling { target = max(needed, ceiling) }
    bytes.reserveCapacity(target)
  }

  /// The next complete line without its line ending, or nil if none is
  /// complete yet.
  /// - Throws: `Overflow` when the line is, or will be, over `limit`.
  mutating func nextLine() throws(Overflow) -> [UInt8]? {
    let newline = bytes[scanned...].firstIndex(of: UInt8(ascii: "\n"))
    guard let newline else {
      scanned = bytes.count
      // One byte of slack: the "\r" of a CRLF line exactly at the limit.
      if bytes.count - head > limit + 1 { throw Overflow(limit: limit) }
      return nil
    }

    var end = newline
    if end > head && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    if end - head > limit {
      head = newline + 1
      scanned = head
      throw Overflow(limit: limit)
    }
    guard head == 0 && newline == bytes.count - 1 else {
      let line = Array(bytes[head..<end])
      head = newline + 1
      scanned = head
      return line
    }

    // The usual case, one whole line buffered: hand the storage over
    // instead of copying it, and start afresh with none held.
    var line = bytes
    bytes = []
    head = 0
    scanned = 0
    line.removeSubrange(end...)
    return line
  }

  /// Drops everything buffered and gives the memory back.
  mutating func discardAll() {
    bytes = []
    head = 0
    scanned = 0
  }
}
