/// The environment variables an imported manifest needs: literal secrets
/// moved out of it, and references the client configuration already made.
///
/// Literal values are held only in memory, to give one variable to the
/// same secret used twice; they are never written anywhere.
struct ImportVariables {
  /// A variable to set, and why.
  struct Needed: Equatable {
    var name: String
    var reason: String
  }

  private(set) var needed: [Needed] = []
  private var literals: [String: String] = [:]

  /// The variable that stands for a literal secret: `preferred` when free
  /// (or holding the same value), else `fallback`, numbered if need be.
  mutating func variable(
    forSecret value: String, preferred: String, fallback: String,
    reason: String
  ) -> String {
    for candidate in [preferred, fallback] where literals[candidate] == value {
      return candidate
    }
    var name = isFree(preferred) ? preferred : fallback
    var number = 2
    while !isFree(name) {
      name = "\(fallback)_\(number)"
      number += 1
    }
    literals[name] = value
    needed.append(Needed(name: name, reason: reason))
    return name
  }

  /// Records a variable the configuration already referred to.
  mutating func reference(_ name: String, reason: String) {
    guard !needed.contains(where: { $0.name == name }) else { return }
    needed.append(Needed(name: name, reason: reason))
  }

  private func isFree(_ name: String) -> Bool {
    !needed.contains { $0.name == name }
  }

  /// `GITHUB_MCP_GITHUB_TOKEN` from `github-mcp` and `GITHUB_TOKEN`:
  /// upper case, anything but letters and digits an underscore.
  static func name(_ parts: String...) -> String {
    var result = ""
    for character in parts.joined(separator: "_").uppercased() {
      let keep = character.isASCII && (character.isLetter || character.isNumber)
      let next: Character = keep ? character : "_"
      if next == "_", result.isEmpty || result.hasSuffix("_") { continue }
      result.append(next)
    }
    while result.hasSuffix("_") { result.removeLast() }
    if result.first?.isNumber ?? true { result = "V_" + result }
    return result
  }

  /// Whether `text` is already a usable variable name (`GITHUB_TOKEN`).
  static func isVariableName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first,
      first == "_" || ("A"..."Z").contains(first)
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
    }
  }
}
