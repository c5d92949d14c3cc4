import Glibc

/// Reads job manifests: YAML through libyaml, then checked and typed.
///
/// Every problem in a file is reported at once (up to
/// `ManifestErrors.limit`), each pointing at its line and column.
public enum ManifestLoader {
  /// Largest manifest read, in bytes; larger files are refused unread.
  public static let maximumFileSize = 4 << 20

  /// Reads and decodes the manifest at `path`.
  /// - Parameters:
  ///   - path: the file, as the user gave it; messages repeat it as is.
  ///   - environment: the variables `${VAR}` is expanded from.
  /// - Throws: `ManifestErrors` listing every problem found.
  public static func load(
    path: String, environment: [String: String]
  ) throws(ManifestErrors) -> Manifest {
    switch readFile(path) {
    case .success(let bytes):
      return try load(bytes: bytes, path: path, environment: environment)
    case .failure(let message):
      var diagnostics = DiagnosticCollector(path: path)
      diagnostics.report(message.text, at: nil)
      throw diagnostics.errors(sourceLines: [])
    }
  }

  /// Decodes manifest text; `path` names it in messages and its folder is
  /// where relative paths in the manifest are read from.
  public static func load(
    text: String, path: String, environment: [String: String]
  ) throws(ManifestErrors) -> Manifest {
    try load(bytes: Array(text.utf8), path: path, environment: environment)
  }

  /// Decodes manifest bytes, which must be UTF-8. A byte order mark, as
  /// some Windows editors write, is skipped.
  public static func load(
    bytes: [UInt8], path: String, environment: [String: String]
  ) throws(ManifestErrors) -> Manifest {
    let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    var diagnostics = DiagnosticCollector(path: path)
    guard bytes.count <= maximumFileSize else {
      diagnostics.report(
        "the manifest is \(bytes.count) bytes; manifests are limited to "
          + SizeText.format(maximumFileSize),
        at: nil)
      throw diagnostics.errors(sourceLines: [])
    }

    let source = SourceText(bytes: bytes)
    let builder = YAMLTreeBuilder(source: source, diagnostics: diagnostics)
    let (root, found) = builder.build()
    diagnostics = found
    guard let root, root.scalar?.isNull != true else {
      if diagnostics.isEmpty {
        diagnostics.report(
          "the manifest is empty; it needs at least 'version', 'job' and "
            + "'servers'",
          at: SourceMark(line: 1, column: 1))
      }
      throw diagnostics.errors(sourceLines: source.lines)
    }

    var decoder = ManifestDecoder(
      path: path, environment: environment, diagnostics: diagnostics)
    guard let manifest = decoder.decode(root) else {
      throw decoder.diagnostics.errors(sourceLines: source.lines)
    }
    return manifest
  }

  private struct ReadFailure: Error {
    var text: String
  }

  /// The file's bytes, reading at most one byte past the size limit.
  private static func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(readFailure(errno)) }
    defer { close(descriptor) }

    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while bytes.count <= maximumFileSize {
      let count = chunk.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress, buffer.count)
      }
      if count < 0, errno == EINTR { continue }
      guard count >= 0 else { return .failure(readFailure(errno)) }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[..<count])
    }
    return .success(bytes)
  }

  private static func readFailure(_ code: Int32) -> ReadFailure {
    let reason = String(cString: strerror(code))
    return ReadFailure(text: "cannot read the manifest: \(reason)")
  }
}
