import Glibc

/// The runner's own environment, read from `environ`.
public enum ProcessEnvironment {
  /// Every `NAME=value` entry; where a name repeats, the first wins, as
  /// with `getenv`. Read again on each call (once per spawned server), so
  /// it splits on the first "=" as bytes: a Character search over every
  /// entry cost more than the spawn it was for.
  public static func current() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      pointer += 1
      guard let equals = strchr(entry, 0x3D) else { continue }
      let name = String(
        decoding: UnsafeRawBufferPointer(
          start: entry, count: entry.distance(to: equals)),
        as: UTF8.self)
      if result[name] == nil {
        result[name] = String(cString: equals + 1)
      }
    }
    return result
  }
}
