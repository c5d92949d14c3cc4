/// The MCP specification revisions this client speaks.
public enum ProtocolRevision {
  /// The revision offered in `initialize`: the newest we implement.
  public static let latest = "2025-11-25"

  /// Every revision a server may answer with, newest first.
  public static let known = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

  /// Whether `version` is one we can speak.
  public static func isKnown(_ version: String) -> Bool {
    known.contains(version)
  }
}
