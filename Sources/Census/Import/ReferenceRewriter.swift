/// Turns the variable references of client configurations into the
/// manifest's: `${env:X}` (VS Code) and `$X` (Gemini CLI) become `${X}`,
/// `${input:id}` a variable named after the input, `${userHome}`
/// `${HOME}`; `${X}` and `${X:-default}` stay; any other `$` is doubled so
/// the manifest reads it literally.
struct ReferenceRewriter {
  var inputs: [String: String]
  /// Where the text is, for the reasons listed with the variables.
  var context: String

  /// The rewritten text and whether it held a reference.
  func rewrite(
    _ text: String, variables: inout ImportVariables
  ) -> (text: String, referenced: Bool) {
    var output = ""
    var referenced = false
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
      output += rest[..<dollar]
      rest = rest[rest.index(after: dollar)...]
      if rest.first == "{", let close = rest.firstIndex(of: "}") {
        let inner = String(rest[rest.index(after: rest.startIndex)..<close])
        if let name = variable(for: inner, variables: &variables) {
          output += "${\(name)}"
          referenced = true
          rest = rest[rest.index(after: close)...]
          continue
        }
      }
      let word = rest.prefix {
        $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")
      }
      if !word.isEmpty, ImportVariables.isVariableName(String(word)) {
        variables.reference(String(word), reason: "referenced in \(context)")
        output += "${\(word)}"
        referenced = true
        rest = rest.dropFirst(word.count)
        continue
      }
      output += "$$"
    }
    output += rest
    return (output, referenced)
  }

  /// The manifest variable for the inside of `${...}`, or nil to keep the
  /// text literally.
  private func variable(
    for inner: String, variables: inout ImportVariables
  ) -> String? {
    if inner.hasPrefix("env:") {
      let name = String(inner.dropFirst(4))
      guard ImportVariables.isVariableName(name) else { return nil }
      variables.reference(name, reason: "referenced in \(context)")
      return name
    }
    if inner.hasPrefix("input:") {
      let id = String(inner.dropFirst(6))
      let name = ImportVariables.name(id)
      let prompt = inputs[id] ?? "VS Code input '\(id)'"
      variables.reference(name, reason: "\(prompt) (VS Code input '\(id)')")
      return name
    }
    switch inner {
    case "userHome":
      return "HOME"
    case "workspaceFolder", "workspaceRoot":
      variables.reference(
        "WORKSPACE_FOLDER", reason: "the project folder VS Code would use")
      return "WORKSPACE_FOLDER"
    default:
      break
    }
    let name = String(inner.prefix { $0 != ":" })
    guard ImportVariables.isVariableName(name) else { return nil }
    if inner.hasPrefix(name + ":-") { return inner }
    variables.reference(name, reason: "referenced in \(context)")
    return name
  }
}
