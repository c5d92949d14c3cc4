/// Replaces secret values with a marker in text bound for a report or log.
///
/// Values shorter than `minimumLength` are left alone: a one- or
/// two-character value cannot be a meaningful secret, and masking every
/// such run would make the report unreadable.
public struct Redactor: Sendable {
  public static let marker = "[redacted]"
  public static let minimumLength = 3

  /// Longest first, so a secret that contains another is masked whole.
  private let secrets: [String]

  public init<S: Sequence>(secrets: S) where S.Element == String {
    self.secrets = Set(secrets)
      .filter { $0.count >= Redactor.minimumLength }
      .sorted { $0.count > $1.count }
  }

  public var isEmpty: Bool { secrets.isEmpty }

  /// The text with every secret replaced by the marker.
  public func redact(_ text: String) -> String {
    guard !secrets.isEmpty else { return text }
    var result = text
    for secret in secrets where result.contains(secret) {
      result = result.replacing(secret, with: Redactor.marker)
    }
    return result
  }

  /// Every string in a JSON value redacted, keys included.
  public func redact(_ value: JSONValue) -> JSONValue {
    guard !secrets.isEmpty else { return value }
    switch value {
    case .string(let text): return .string(redact(text))
    case .array(let elements): return .array(elements.map(redact))
    case .object(let object):
      return .object(JSONObject(object.members.map { (redact($0.key), redact($0.value)) }))
    case .null, .bool, .number: return value
    }
  }

  /// Whether an environment variable's name says its value is a credential.
  public static func looksSecret(name: String) -> Bool {
    let upper = name.uppercased()
    let words = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "AUTH", "CREDENTIAL",
      "COOKIE", "SESSION", "PRIVATE"]
    return words.contains { upper.contains($0) }
  }
}
