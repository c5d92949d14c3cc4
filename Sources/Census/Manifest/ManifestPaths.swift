import Glibc

/// Path arithmetic for manifests, on strings: relative paths in a manifest
/// are read against the manifest's own folder, never the process's.
enum ManifestPaths {
  /// `path` made absolute against the current directory and normalised.
  static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return normalized(path) }
    return resolve(path, against: currentDirectory())
  }

  /// The folder holding the file at `path`, absolute.
  static func folder(of path: String) -> String {
    let full = absolute(path)
    guard let slash = full.lastIndex(of: "/"), slash != full.startIndex
    else { return "/" }
    return String(full[..<slash])
  }

  /// `path` read against `folder` unless it is absolute, normalised.
  static func resolve(_ path: String, against folder: String) -> String {
    if path.hasPrefix("/") { return normalized(path) }
    return normalized(folder + "/" + path)
  }

  /// Drops `.` parts, folds `..` into its parent and collapses slashes.
  /// Works on the bytes: `/` and `.` are never part of a longer character.
  static func normalized(_ path: String) -> String {
    let slash = UInt8(ascii: "/")
    let dot = UInt8(ascii: ".")
    if isNormal(path) { return path }
    var result: [UInt8] = []
    // Where each part kept in `result` starts (at its slash).
    var starts: [Int] = []
    var utf8 = path.utf8[...]
    while !utf8.isEmpty {
      let part = utf8.prefix { $0 != slash }
      utf8 = utf8[part.endIndex...].drop { $0 == slash }
      if part.isEmpty || part.elementsEqual([dot]) { continue }
      if part.elementsEqual([dot, dot]) {
        if let start = starts.popLast() { result.removeSubrange(start...) }
        continue
      }
      starts.append(result.count)
      result.append(slash)
      result.append(contentsOf: part)
    }
    return result.isEmpty ? "/" : String(decoding: result, as: UTF8.self)
  }

  /// Whether `normalized` would give `path` back unchanged: it is
  /// absolute, and no part is empty, `.` or `..` (most paths, checked in
  /// one pass over the bytes).
  private static func isNormal(_ path: String) -> Bool {
    var path = path
    return path.withUTF8 { bytes in
      guard bytes.count > 1, bytes[0] == UInt8(ascii: "/"),
        bytes[bytes.count - 1] != UInt8(ascii: "/")
      else { return bytes.count == 1 && bytes[0] == UInt8(ascii: "/") }
      for index in 1..<bytes.count where bytes[index - 1] == UInt8(ascii: "/") {
        // A part starts here: empty, `.` or `..` needs the slow path.
        let byte = bytes[index]
        if byte == UInt8(ascii: "/") { return false }
        if byte == UInt8(ascii: "."),
          index + 1 == bytes.count || bytes[index + 1] == UInt8(ascii: "/")
            || (bytes[index + 1] == UInt8(ascii: ".")
              && (index + 2 == bytes.count || bytes[index + 2] == UInt8(ascii: "/")))
        {
          return false
        }
      }
      return true
    }
  }

  private static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    let bytes = buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:))
    return String(decoding: bytes, as: UTF8.self)
  }
}
