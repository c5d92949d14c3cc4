/// The `suppressions` list: findings accepted on purpose.
///
///     suppressions:
///       - code: MCP012
///         server: files
///         item: delete_file        # optional: every item when left out
///         reason: deleting is what this server is for
extension ManifestDecoder {
  static let suppressionKeys = ["code", "server", "item", "reason"]

  mutating func decodeSuppressions(
    _ node: YAMLNode?, servers: [ServerSpec]
  ) -> [Suppression] {
    guard let node else { return [] }
    let example = "[{code: MCP012, server: files, reason: ...}]"
    guard let entries = items(node, example: example) else { return [] }
    let names = servers.map(\.name)
    return entries.compactMap { decodeSuppression($0, serverNames: names) }
  }

  private mutating func decodeSuppression(
    _ entry: YAMLNode, serverNames: [String]
  ) -> Suppression? {
    let fields = fields(
      of: entry, known: Self.suppressionKeys, what: "a suppression mapping")
    guard let fields else { return nil }
    // Literal, like the names they match: each is shown in the reports.
    func literal(_ key: String) -> String? {
      fields[key].flatMap { string($0, references: .refused(key: key)) }
    }
    let code = literal("code")
    let server = literal("server")
    let item = literal("item")
    let reason = literal("reason")
    for key in ["code", "server", "reason"] where fields[key] == nil {
      let why = key == "reason"
        ? " (say why the finding is accepted, for the next reader)" : ""
      report("suppression is missing '\(key)'\(why)", at: fields.mark)
    }

    // Both are checked, so one run of `validate` shows every mistake.
    var known = true
    if let code, let node = fields["code"], Audit.rule(code) == nil {
      let codes = Audit.rules.map(\.code)
      var message = "unknown finding code '\(shown(node))'"
      if let guess = Suggestion.closest(to: code, among: codes) {
        message += " (did you mean '\(guess)'?)"
      }
      report(message, at: node.mark)
      known = false
    }
    if let server, let node = fields["server"], !serverNames.contains(server) {
      var message = "suppression names server '\(shown(node))', "
        + "which 'servers' does not list"
      if let guess = Suggestion.closest(to: server, among: serverNames) {
        message += " (did you mean '\(guess)'?)"
      }
      report(message, at: node.mark)
      known = false
    }
    guard known, let code, let server, let reason else { return nil }
    return Suppression(code: code, server: server, item: item, reason: reason)
  }
}
