import CSystem
import Glibc

/// Writes report files into one folder, atomically: a reader sees the old
/// report or the new one, never half of one, even after a crash.
///
/// Each file is written to `.<name>.tmp-<pid>` beside the target, synced,
/// renamed over the target, and then the folder is synced so the rename
/// itself survives a power cut.
public struct ReportFiles: Sendable {
  /// The output folder, created with its parents when missing.
  public var directory: String

  public init(directory: String) {
    self.directory = directory
  }

  /// `<dir>/<job>.<fileExtension>`, after checking the job name keeps the
  /// file inside the folder.
  /// - Throws: `ReportFileError` for a name with `/`, `..`, a NUL byte,
  ///   or nothing in it.
  public func path(
    job: String, fileExtension: String
  ) throws(ReportFileError) -> String {
    let unsafe = job.isEmpty || job == "." || job.contains("..")
      || job.utf8.contains(UInt8(ascii: "/")) || job.utf8.contains(0)
    guard !unsafe else {
      throw ReportFileError(
        operation: "name a report after job",
        path: "'\(UntrustedText.terminalSafe(job))'",
        reason: "a job name must not be empty or hold '/' or '..'")
    }
    return join(directory, "\(job).\(fileExtension)")
  }

  /// Writes `<dir>/<job>.json`: the report as indented JSON.
  /// - Returns: the path written.
  @discardableResult
  public func writeJSON(
    _ report: CensusReport
  ) throws(ReportFileError) -> String {
    try write(job: report.job, fileExtension: "json") { sink in
      report.streamJSON(to: sink)
      [UInt8(ascii: "\n")].withUnsafeBytes(sink)
    }
  }

  /// Writes `<dir>/<job>.md`: the report for people.
  /// - Returns: the path written.
  @discardableResult
  public func writeMarkdown(
    _ report: CensusReport, renderer: MarkdownReport = MarkdownReport()
  ) throws(ReportFileError) -> String {
    let bytes = Array(renderer.markdown(report).utf8)
    return try write(bytes, job: report.job, fileExtension: "md")
  }

  /// Replaces `<dir>/<job>.<fileExtension>` with `bytes` atomically,
  /// creating the folder first when needed. Other formats (JUnit, SARIF)
  /// write through this too.
  /// - Returns: the path written.
  @discardableResult
  public func write(
    _ bytes: [UInt8], job: String, fileExtension: String
  ) throws(ReportFileError) -> String {
    try write(job: job, fileExtension: fileExtension) { sink in
      bytes.withUnsafeBytes(sink)
    }
  }

  /// Like `write(_:job:fileExtension:)`, for a document that `produce`
  /// hands over in pieces, so that it is never held whole.
  /// - Returns: the path written.
  @discardableResult
  public func write(
    job: String, fileExtension: String,
    producing produce: ((UnsafeRawBufferPointer) -> Void) -> Void
  ) throws(ReportFileError) -> String {
    _ = try path(job: job, fileExtension: fileExtension)
    return try write(fileName: "\(job).\(fileExtension)", producing: produce)
  }

  /// Replaces `<dir>/<fileName>` with `bytes` atomically, as reports
  /// are; `import --out` writes manifests through this.
  /// - Returns: the path written.
  @discardableResult
  public func write(
    _ bytes: [UInt8], fileName: String
  ) throws(ReportFileError) -> String {
    try write(fileName: fileName) { sink in bytes.withUnsafeBytes(sink) }
  }

  private func write(
    fileName: String,
    producing produce: ((UnsafeRawBufferPointer) -> Void) -> Void
  ) throws(ReportFileError) -> String {
    let target = join(directory, fileName)
    let temporary = join(directory, ".\(fileName).tmp-\(getpid())")
    try createDirectory(directory)

    do {
      try writeSynced(to: temporary, producing: produce)
      _ = try retrying("rename \(temporary) to", target) {
        rename(temporary, target)
      }
    } catch {
      unlink(temporary)
      throw error
    }

    try syncDirectory(directory.isEmpty ? "." : directory)
    return target
  }

  private func writeSynced(
    to path: String,
    producing produce: ((UnsafeRawBufferPointer) -> Void) -> Void
  ) throws(ReportFileError) {
    let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
    let descriptor = try retrying("create", path) { open(path, flags, 0o644) }
    defer { close(descriptor) }

    // The first failure stops the writing; later pieces are dropped.
    var failure: ReportFileError?
    var unsent = 0
    produce { piece in
      guard failure == nil else { return }
      do throws(ReportFileError) {
        try writeAll(piece, to: descriptor, path: path)
      } catch {
        failure = error
      }
      // The disk writes what is written so far while the rest is made,
      // instead of all of it during the fsync. A hint only: a file
      // system that refuses it is synced in full below.
      unsent += piece.count
      if unsent >= Self.writebackStep {
        _ = csystem_start_writeback(descriptor)
        unsent = 0
      }
    }
    if let failure { throw failure }

    _ = try retrying("sync", path) { fsync(descriptor) }
  }

  /// Bytes written between two starts of writeback.
  private static let writebackStep = 1 << 20

  private func writeAll(
    _ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String
  ) throws(ReportFileError) {
    var offset = 0
    while offset < bytes.count {
      let written = try retrying("write", path) {
        Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      }
      offset += written
    }
  }

  private func syncDirectory(_ path: String) throws(ReportFileError) {
    let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
    let descriptor = try retrying("open the folder", path) {
      open(path, flags)
    }
    defer { close(descriptor) }
    _ = try retrying("sync the folder", path) { fsync(descriptor) }
  }

  /// Creates the output folder when missing and checks it can be written,
  /// so a run finds out before it discovers anything, not after.
  public func prepareDirectory() throws(ReportFileError) {
    let folder = directory.isEmpty ? "." : directory
    try createDirectory(folder)
    guard access(folder, W_OK) == 0 else {
      throw ReportFileError(operation: "write into the folder", path: folder, code: errno)
    }
  }

  /// `mkdir -p`: every missing folder on the way, an existing one kept.
  private func createDirectory(_ path: String) throws(ReportFileError) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/"
      prefix += component
      guard mkdir(prefix, 0o755) != 0 else { continue }
      let code = errno
      var status = stat()
      let isFolder = stat(prefix, &status) == 0
        && status.st_mode & S_IFMT == S_IFDIR
      guard code == EEXIST, isFolder else {
        throw ReportFileError(
          operation: "create the folder", path: prefix,
          code: code == EEXIST ? ENOTDIR : code)
      }
    }
  }

  private func join(_ folder: String, _ name: String) -> String {
    folder.isEmpty ? name
      : folder.hasSuffix("/") ? folder + name : "\(folder)/\(name)"
  }

  /// Runs a system call until it is not interrupted; a negative result
  /// becomes an error naming the operation and the path.
  private func retrying<Result: BinaryInteger>(
    _ operation: String, _ path: String, _ call: () -> Result
  ) throws(ReportFileError) -> Result {
    while true {
      let result = call()
      if result >= 0 { return result }
      let code = errno
      if code != EINTR {
        throw ReportFileError(operation: operation, path: path, code: code)
      }
    }
  }
}
