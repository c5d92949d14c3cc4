/// A saved report that cannot be read back, naming the JSON path at fault.
///
/// Prints as `servers[3].status: expected one of ok, partial, ...; found
/// "done"`, so a person can open the file and go straight to the value.
public struct ReportDecodingError: Error, Sendable, Equatable,
  CustomStringConvertible
{
  /// Where the value is: `servers[3].attempts[0].durationMs`; empty for
  /// the whole document.
  public var path: String
  /// What was wanted and what was there.
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String {
    path.isEmpty ? reason : "\(path): \(reason)"
  }
}
