import Glibc

/// Reads a JSON report written earlier, for `diff`, `audit` and
/// `--baseline`.
public enum SavedReport {
  /// Why a saved report could not be used; `missing` is told apart so
  /// `--baseline previous` can treat a first run as having no baseline.
  public enum Failure: Error, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)

    public var message: String {
      switch self {
      case .missing(let path): return "\(path): no such report"
      case .unreadable(let path, let reason): return "\(path): \(reason)"
      }
    }
  }

  /// Largest report read: far above any real job.
  public static let sizeLimit = 512 << 20

  public static func load(path: String) throws(Failure) -> CensusReport {
    let bytes = try read(path)
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      // Said by line and column, as `import` says it of a client file.
      let mark = SourceText(bytes: bytes).mark(atByte: error.offset)
      throw .unreadable(
        path: path, reason: "\(mark.line):\(mark.column): not JSON: \(error.reason)")
    }
    do {
      return try CensusReport(json: json)
    } catch {
      throw .unreadable(path: path, reason: "not an mcp-census report: \(error)")
    }
  }

  /// The bytes of a file of at most `sizeLimit` bytes.
  static func read(_ path: String) throws(Failure) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { throw .missing(path: path) }
      throw .unreadable(path: path, reason: String(cString: strerror(code)))
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 256 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes {
        Glibc.read(descriptor, $0.baseAddress, $0.count)
      }
      if count < 0, errno == EINTR { continue }
      guard count >= 0 else {
        throw .unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<count])
      guard bytes.count <= sizeLimit else {
        throw .unreadable(path: path, reason: "larger than 512 MiB")
      }
    }
  }
}
