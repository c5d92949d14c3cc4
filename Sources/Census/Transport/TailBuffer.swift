/// The last `capacity` bytes of a stream, in a fixed ring: what a server
/// wrote to stderr last, however much it wrote in all.
struct TailBuffer {
  let capacity: Int
  private var storage: [UInt8]
  /// Where the next byte goes.
  private var next = 0
  private var isFull = false
  /// Bytes seen in all, kept or not.
  private(set) var totalCount = 0

  init(capacity: Int = 64 * 1024) {
    precondition(capacity > 0, "a tail needs room for at least one byte")
    self.capacity = capacity
    storage = []
  }

  mutating func append(_ chunk: UnsafeRawBufferPointer) {
    guard !chunk.isEmpty else { return }
    totalCount += chunk.count
    var input = chunk
    if input.count >= capacity {
      let start = input.count - capacity
      input = UnsafeRawBufferPointer(rebasing: input[start...])
    }
    // The ring grows to its capacity only as bytes come: most servers
    // write little or nothing to stderr.
    if storage.count < capacity {
      let needed = min(capacity, storage.count + input.count)
      storage.append(
        contentsOf: repeatElement(0, count: needed - storage.count))
    }
    storage.withUnsafeMutableBytes { ring in
      let first = min(input.count, capacity - next)
      ring.baseAddress!.advanced(by: next)
        .copyMemory(from: input.baseAddress!, byteCount: first)
      let rest = input.count - first
      if rest > 0 {
        ring.baseAddress!.copyMemory(
          from: input.baseAddress!.advanced(by: first), byteCount: rest)
      }
    }
    if next + input.count >= capacity { isFull = true }
    next = (next + input.count) % capacity
  }

  /// The kept bytes, oldest first.
  var bytes: [UInt8] {
    guard isFull else { return Array(storage[..<next]) }
    return Array(storage[next...] + storage[..<next])
  }

  /// The kept bytes as text. Invalid UTF-8 becomes U+FFFD; continuation
  /// bytes cut off at the start by the ring are dropped first.
  var text: String {
    var kept = bytes[...]
    if totalCount > capacity {
      let cut = kept.prefix(3).prefix { $0 & 0xC0 == 0x80 }.count
      kept = kept.dropFirst(cut)
    }
    return String(decoding: kept, as: UTF8.self)
  }
}
