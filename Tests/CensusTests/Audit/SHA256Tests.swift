import Testing

@testable import Census

/// The FIPS 180-4 example messages and their digests.
@Suite struct SHA256Tests {
  @Test func theEmptyMessage() {
    #expect(SHA256.hex([UInt8]()) ==
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func abc() {
    #expect(SHA256.hex("abc".utf8) ==
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func the448BitMessage() {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(SHA256.hex(message.utf8) ==
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func the896BitMessage() {
    let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
      + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
    #expect(SHA256.hex(message.utf8) ==
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
  }

  @Test func aMillionAs() {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(message) ==
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func updatesInPiecesGiveTheSameDigest() {
    let message = Array("The quick brown fox jumps over the lazy dog".utf8)
    var hasher = SHA256()
    hasher.update(message[..<7])
    hasher.update(message[7...])
    let pieces = hasher.finalize()
    var whole = SHA256()
    whole.update(message)
    let digest = whole.finalize()
    #expect(pieces == digest)
    #expect(SHA256.hex(message) ==
      "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
  }
}
