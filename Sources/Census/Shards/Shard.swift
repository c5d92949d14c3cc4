/// One slice of a job split across machines: `run --shard I/N`.
///
/// A server belongs to the shard its name hashes to: the first eight bytes
/// of the SHA-256 of the name's UTF-8, big-endian, modulo the count, plus
/// one. The hash depends on the name alone, so every machine agrees on the
/// split without talking to the others, and adding a server moves no other.
public struct Shard: Sendable, Equatable {
  /// 1-based, at most `count`.
  public var index: Int
  /// How many shards the job is split into, 1 to `maximumCount`.
  public var count: Int

  /// The most shards a job may be split into.
  public static let maximumCount = 1000

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Reads `I/N`, as `--shard` takes it.
  /// - Throws: `UsageError` saying what is wrong with the text.
  public init(parsing text: String) throws(UsageError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1])
    else {
      throw UsageError(
        "--shard needs I/N, such as 2/4 (shard 2 of 4), not '\(text)'")
    }
    guard (1...Shard.maximumCount).contains(count) else {
      throw UsageError(
        "--shard \(text): the count must be from 1 to \(Shard.maximumCount)")
    }
    guard (1...count).contains(index) else {
      throw UsageError(
        "--shard \(text): the index must be from 1 to \(count)")
    }
    self.init(index: index, count: count)
  }

  /// The shard (1-based) that `name` falls in when a job is split `count`
  /// ways.
  public static func index(of name: String, count: Int) -> Int {
    var hasher = SHA256()
    hasher.update(Array(name.utf8))
    let digest = hasher.finalize()
    let prefix = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    return Int(prefix % UInt64(count)) + 1
  }

  /// Whether the server called `name` is this shard's to run.
  public func contains(_ name: String) -> Bool {
    Shard.index(of: name, count: count) == index
  }

  /// The skip reason of a server that another shard runs.
  public static func skipReason(index: Int, count: Int) -> String {
    "in shard \(index) of \(count)"
  }

  /// `2/4`.
  public var label: String { "\(index)/\(count)" }
}
