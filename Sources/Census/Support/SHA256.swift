/// SHA-256 (FIPS 180-4), for fingerprints: the toolchain on Linux has no
/// CryptoKit and Foundation offers no digest, so we carry our own.
public struct SHA256: Sendable {
  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b,
    0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01,
    0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7,
    0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc,
    0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152,
    0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147,
    0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819,
    0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116, 0x1e37_6c08,
    0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f,
    0x682e_6ff3, 0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208,
    0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  private var state: [UInt32] = [
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
    0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
  ]
  private var pending: [UInt8] = []
  private var length: UInt64 = 0

  public init() {}

  /// The digest of `bytes` as 64 lowercase hex digits.
  public static func hex<Bytes: Sequence>(
    _ bytes: Bytes
  ) -> String where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(bytes)
    let digits: StaticString = "0123456789abcdef"
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in hasher.finalize() {
      text.append(digits.utf8Start[Int(byte >> 4)])
      text.append(digits.utf8Start[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// Adds bytes to the message. Whole blocks of contiguous input are
  /// compressed where they lie; only a block's remainder is copied.
  public mutating func update<Bytes: Sequence>(
    _ bytes: Bytes
  ) where Bytes.Element == UInt8 {
    let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      update(UnsafeRawBufferPointer(buffer))
    }
    guard done == nil else { return }
    for byte in bytes {
      pending.append(byte)
      length &+= 8
      if pending.count == 64 { compressPending() }
    }
  }

  private mutating func update(_ buffer: UnsafeRawBufferPointer) {
    length &+= UInt64(buffer.count) &* 8
    var offset = 0
    if !pending.isEmpty {
      let taken = min(64 - pending.count, buffer.count)
      pending.append(contentsOf: buffer[0..<taken])
      offset = taken
      if pending.count == 64 { compressPending() }
    }
    while buffer.count - offset >= 64 {
      compress(UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + 64]))
      offset += 64
    }
    pending.append(contentsOf: buffer[offset...])
  }

  /// The 32-byte digest; pads the message, so call it once.
  public mutating func finalize() -> [UInt8] {
    let bits = length
    pending.append(0x80)
    while pending.count % 64 != 56 { pending.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      pending.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    let blocks = pending
    blocks.withUnsafeBytes { bytes in
      for start in stride(from: 0, to: bytes.count, by: 64) {
        compress(UnsafeRawBufferPointer(rebasing: bytes[start..<start + 64]))
      }
    }
    pending.removeAll()
    return state.flatMap { word in
      [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> $0) }
    }
  }

  private mutating func compressPending() {
    let block = pending
    block.withUnsafeBytes { compress($0) }
    pending.removeAll(keepingCapacity: true)
  }

  /// One 64-byte block; the message schedule lives on the stack.
  private mutating func compress(_ block: UnsafeRawBufferPointer) {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
      for step in 0..<16 {
        let at = step * 4
        words[step] = UInt32(block[at]) << 24 | UInt32(block[at + 1]) << 16
          | UInt32(block[at + 2]) << 8 | UInt32(block[at + 3])
      }
      for step in 16..<64 {
        let low = words[step - 15]
        let high = words[step - 2]
        let sigma0 = rotate(low, 7) ^ rotate(low, 18) ^ (low >> 3)
        let sigma1 = rotate(high, 17) ^ rotate(high, 19) ^ (high >> 10)
        words[step] = words[step - 16] &+ sigma0 &+ words[step - 7] &+ sigma1
      }
      Self.roundConstants.withUnsafeBufferPointer { constants in
        state.withUnsafeMutableBufferPointer { state in
          Self.rounds(state, words, constants)
        }
      }
    }
  }

  private static func rounds(
    _ state: UnsafeMutableBufferPointer<UInt32>,
    _ words: UnsafeMutableBufferPointer<UInt32>,
    _ constants: UnsafeBufferPointer<UInt32>
  ) {
    func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
      (value >> count) | (value << (32 - count))
    }
    var (a, b, c, d) = (state[0], state[1], state[2], state[3])
    var (e, f, g, h) = (state[4], state[5], state[6], state[7])
    for step in 0..<64 {
      let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
      let choice = (e & f) ^ (~e & g)
      let first = h &+ sum1 &+ choice &+ constants[step] &+ words[step]
      let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
      let majority = (a & b) ^ (a & c) ^ (b & c)
      let second = sum0 &+ majority
      (h, g, f, e) = (g, f, e, d &+ first)
      (d, c, b, a) = (c, b, a, first &+ second)
    }
    state[0] &+= a
    state[1] &+= b
    state[2] &+= c
    state[3] &+= d
    state[4] &+= e
    state[5] &+= f
    state[6] &+= g
    state[7] &+= h
  }

  private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
  }
}
