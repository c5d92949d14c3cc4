import Glibc

/// A report file that could not be written, with the path and the
/// system's reason: `cannot rename reports/.nightly.json.tmp-412 to
/// reports/nightly.json: Permission denied`.
public struct ReportFileError: Error, Sendable, Equatable,
  CustomStringConvertible
{
  /// What was being done, as a phrase: `create the folder`, `rename`.
  public var operation: String
  /// The path the operation was about.
  public var path: String
  /// The `errno` value, or nil for a refusal of our own.
  public var code: Int32?
  /// The reason in words: `strerror(code)` or our own.
  public var reason: String

  public init(operation: String, path: String, code: Int32) {
    self.operation = operation
    self.path = path
    self.code = code
    self.reason = String(cString: strerror(code))
  }

  public init(operation: String, path: String, reason: String) {
    self.operation = operation
    self.path = path
    self.code = nil
    self.reason = reason
  }

  public var description: String {
    "cannot \(operation) \(path): \(reason)"
  }
}
