import Glibc

/// The commit the running binary was built from, for `--version`.
///
/// SwiftPM cannot pass a string into a build, and a generated source file
/// would break a plain `swift build`, so the commit lives in a small text
/// file the Makefile writes beside the binary (`mcp-census.commit`) and
/// installs as `<prefix>/share/mcp-census/commit`. A binary without one
/// reports `commit unknown`.
enum BuildInfo {
  /// The first line of the commit file, or nil when there is none.
  static func commit(executable: String? = executablePath()) -> String? {
    guard let executable, let slash = executable.lastIndex(of: "/") else {
      return nil
    }
    let folder = String(executable[..<slash])
    let candidates = [
      folder + "/mcp-census.commit", folder + "/../share/mcp-census/commit",
    ]
    for path in candidates {
      if let text = firstLine(of: path), !text.isEmpty { return text }
    }
    return nil
  }

  /// `0.1.0 (commit 1a2b3c4)` or `0.1.0 (commit unknown)`.
  static func versionLine(version: String, commit: String?) -> String {
    "mcp-census \(version) (commit \(commit ?? "unknown"))"
  }

  private static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) },
      as: UTF8.self)
  }

  private static func firstLine(of path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
    let line = String(decoding: buffer.prefix { $0 != 0 }.map {
      UInt8(bitPattern: $0)
    }, as: UTF8.self)
    let trimmed = line.filter {
      $0.isLetter || $0.isNumber || $0 == "-" || $0 == "."
    }
    return String(trimmed.prefix(64))
  }
}
