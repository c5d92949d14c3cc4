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
  static func normalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": _ = parts.popLast()
      default: parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  private static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    let bytes = buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:))
    return String(decoding: bytes, as: UTF8.self)
  }
}
