/// Replaces secret values with a marker in text bound for a report or log.
///
/// Two reaches, because masking must never garble what a server sent:
/// - our own text (messages, targets, warnings, stderr) loses every secret
///   of `minimumLength` characters or more;
/// - what a server sent as data (tools, serverInfo, instructions, its
///   protocol revision) loses secrets of `dataMinimumLength` or more. A
///   shorter interpolated value, such as a time zone or the word `object`,
///   would otherwise turn every `"type": "object"` into the marker.
public struct Redactor: Sendable {
  public static let marker = "[redacted]"
  /// Shorter values cannot be meaningful secrets.
  public static let minimumLength = 3
  /// Shorter values are not masked inside data servers send.
  public static let dataMinimumLength = 8
  /// The shortest piece of a secret masked where a stderr tail cut it.
  static let fragmentMinimumLength = 4

  /// Longest first, so a secret that contains another is masked whole.
  private let secrets: [String]
  private let dataSecrets: [String]

  public init<S: Sequence>(secrets: S) where S.Element == String {
    self.secrets = Set(secrets)
      .filter { $0.count >= Redactor.minimumLength }
      .sorted { $0.count > $1.count }
    dataSecrets = self.secrets.filter { $0.count >= Redactor.dataMinimumLength }
  }

  public var isEmpty: Bool { secrets.isEmpty }

  /// Our own text with every secret replaced by the marker.
  public func redact(_ text: String) -> String {
    Redactor.replace(secrets, in: text)
  }

  /// Text a server sent as data, with long secrets replaced.
  public func redactData(_ text: String) -> String {
    Redactor.replace(dataSecrets, in: text)
  }

  /// A JSON value a server sent, every string (keys included) passed
  /// through `redactData`.
  public func redactData(_ value: JSONValue) -> JSONValue {
    guard !dataSecrets.isEmpty else { return value }
    switch value {
    case .string(let text): return .string(redactData(text))
    case .array(let elements): return .array(elements.map(redactData))
    case .object(let object):
      return .object(JSONObject(object.members.map {
        (redactData($0.key), redactData($0.value))
      }))
    case .raw(let raw): return .raw(redactData(raw))
    case .null, .bool, .number: return value
    }
  }

  /// A value a server sent, still as text: read, and written anew only
  /// when it holds a secret.
  public func redactData(_ raw: RawJSON) -> RawJSON {
    guard !dataSecrets.isEmpty else { return raw }
    let value = raw.value
    let masked = redactData(value)
    return masked == value ? raw : RawJSON(masked)
  }

  /// The last part of a stream (a stderr tail): secrets masked, and also
  /// the end of a secret left at the start where the tail was cut.
  public func redactTail(_ text: String) -> String {
    var result = redact(text)
    for secret in secrets {
      let longest = min(secret.count - 1, result.count)
      guard longest >= Redactor.fragmentMinimumLength else { continue }
      for length in stride(from: longest, through: Redactor.fragmentMinimumLength, by: -1)
      where result.hasPrefix(secret.suffix(length)) {
        result = Redactor.marker + result.dropFirst(length)
        break
      }
    }
    return result
  }

  private static func replace(_ secrets: [String], in text: String) -> String {
    var result = text
    for secret in secrets where result.contains(secret) {
      result = result.replacing(secret, with: Redactor.marker)
    }
    return result
  }
}
