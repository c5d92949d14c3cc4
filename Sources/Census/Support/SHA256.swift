import CCrypto

/// SHA-256 (FIPS 180-4) for fingerprints and shard placement, computed by
/// OpenSSL's libcrypto: the toolchain on Linux has no CryptoKit, and
/// libcrypto's digest uses the CPU's SHA instructions where it has them.
///
/// Not copyable: it owns a digest context, freed when it goes away.
public struct SHA256: ~Copyable {
  private let context: OpaquePointer

  /// The algorithm, looked up once: an implicit lookup on every digest
  /// cost more than hashing a tool definition. Immutable once fetched.
  /// (libcrypto reads openssl.cnf on this first use; skipping that would
  /// be process-wide and would drop the system's TLS policy for libcurl.)
  nonisolated(unsafe) private static let algorithm = EVP_MD_fetch(
    nil, "SHA256", nil)

  public init() {
    guard let context = EVP_MD_CTX_new(),
      EVP_DigestInit_ex(context, Self.algorithm, nil) == 1
    else {
      fatalError("libcrypto could not set up a SHA-256 digest")
    }
    self.context = context
  }

  deinit {
    EVP_MD_CTX_free(context)
  }

  /// The digest of `bytes` as 64 lowercase hex digits.
  public static func hex<Bytes: Sequence>(
    _ bytes: Bytes
  ) -> String where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(bytes)
    return hex(digest: hasher.finalize())
  }

  /// A digest from `finalize()` as 64 lowercase hex digits.
  public static func hex(digest: [UInt8]) -> String {
    let digits: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: 64) { text in
      for (index, byte) in digest.enumerated() {
        text[index * 2] = digits.utf8Start[Int(byte >> 4)]
        text[index * 2 + 1] = digits.utf8Start[Int(byte & 15)]
      }
      return 64
    }
  }

  /// Adds bytes to the message.
  public mutating func update<Bytes: Sequence>(
    _ bytes: Bytes
  ) where Bytes.Element == UInt8 {
    let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      add(UnsafeRawBufferPointer(buffer))
    }
    guard done == nil else { return }
    Array(bytes).withUnsafeBytes { add($0) }
  }

  private func add(_ buffer: UnsafeRawBufferPointer) {
    guard let start = buffer.baseAddress, !buffer.isEmpty else { return }
    EVP_DigestUpdate(context, start, buffer.count)
  }

  /// The 32-byte digest. Ends the hasher.
  public consuming func finalize() -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    _ = digest.withUnsafeMutableBufferPointer { buffer in
      EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
    }
    return digest
  }
}
