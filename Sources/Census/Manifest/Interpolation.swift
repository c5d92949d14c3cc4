/// Expands `${VAR}`, `${VAR:-default}` and `$$` in manifest strings.
///
/// A `$` followed by anything else stays as written. `${VAR:-default}`
/// takes the default when the variable is unset or empty, as shells do.
struct Interpolation {
  /// Why a string could not be expanded; the messages hold names only,
  /// never values.
  enum Failure: Error, Equatable {
    case unset(name: String)
    case unterminated
    case invalidName(String)
    /// A reference in a key whose value names or labels reports.
    case notExpanded(key: String)

    var message: String {
      switch self {
      case .unset(let name):
        "environment variable '\(name)' is not set and has no default; "
          + "set it before the run (or, for a value that is no secret, "
          + "write ${\(name):-default})"
      case .unterminated:
        "'${' is not closed by '}' (write $$ for a literal '$')"
      case .invalidName(let name):
        "'\(Quoting.short(name))' is not a variable name: use letters, "
          + "digits and '_', not starting with a digit"
      case .notExpanded(let key):
        "'\(key)' cannot use ${...}: it names or labels reports, files and "
          + "findings, where a value from the environment could not be "
          + "masked; write the value literally ($$ for a literal '$')"
      }
    }
  }

  let environment: [String: String]
  /// Every non-empty value taken from the environment so far.
  private(set) var secrets: Set<String> = []

  init(environment: [String: String]) {
    self.environment = environment
  }

  /// `text` with every reference replaced.
  /// - Parameter isSecret: whether the values taken count as secrets;
  ///   false only for a location such as the output folder, which every
  ///   output names.
  mutating func expand(
    _ text: String, isSecret: Bool = true
  ) throws(Failure) -> String {
    try Self.replacing(in: text) { reference throws(Failure) in
      try value(of: reference, isSecret: isSecret)
    }
  }

  /// `text` with `$$` read as `$`, for a key (`key`) whose value names
  /// things in reports and so could not be masked.
  /// - Throws: `.notExpanded` when the text holds a `${` reference.
  static func literal(_ text: String, key: String) throws(Failure) -> String {
    try replacing(in: text) { _ throws(Failure) in throw .notExpanded(key: key) }
  }

  /// The defaults written in `text`'s references (`sk-…` in
  /// `${TOKEN:-sk-…}`): literal text, so maybe a secret. Nil when a
  /// reference is not closed, which leaves the whole text literal.
  static func defaults(in text: String) -> [String]? {
    var found: [String] = []
    do {
      _ = try replacing(in: text) { reference in
        if let separator = reference.firstRange(of: ":-") {
          found.append(String(reference[separator.upperBound...]))
        }
        return ""
      }
    } catch {
      return nil
    }
    return found
  }

  /// `text` with `$$` as `$` and each `${...}` as what `value` gives for
  /// the text between the braces; any other `$` stays.
  private static func replacing(
    in text: String, _ value: (Substring) throws(Failure) -> String
  ) throws(Failure) -> String {
    guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
    var result = ""
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
      result += rest[..<dollar]
      let after = rest[rest.index(after: dollar)...]
      if after.first == "$" {
        result += "$"
        rest = after.dropFirst()
      } else if after.first == "{" {
        guard let close = after.firstIndex(of: "}") else {
          throw .unterminated
        }
        result += try value(after[after.index(after: after.startIndex)..<close])
        rest = after[after.index(after: close)...]
      } else {
        result += "$"
        rest = after
      }
    }
    return result + rest
  }

  private mutating func value(
    of reference: Substring, isSecret: Bool
  ) throws(Failure) -> String {
    var name = reference
    var fallback: Substring?
    if let separator = reference.firstRange(of: ":-") {
      name = reference[..<separator.lowerBound]
      fallback = reference[separator.upperBound...]
    }
    guard Self.isVariableName(name) else {
      throw .invalidName(String(name))
    }
    if let value = environment[String(name)], !value.isEmpty {
      if isSecret { secrets.insert(value) }
      return value
    }
    if let fallback {
      return String(fallback)
    }
    guard environment[String(name)] != nil else {
      throw .unset(name: String(name))
    }
    return ""
  }

  private static func isVariableName(_ name: Substring) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first)
    else { return false }
    return name.unicodeScalars.allSatisfy { scalar in
      scalar == "_" || ("A"..."Z").contains(scalar)
        || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
  }
}
