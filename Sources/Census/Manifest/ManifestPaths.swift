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

  private static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    let bytes = buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:))
    return String(decoding: bytes, as: UTF8.self)
  }
}
