/// MCP005-MCP007: tools a client cannot call reliably: no input schema,
/// an input schema that is not an object schema, or a name outside
/// `[A-Za-z0-9_.-]{1,128}`.
struct SchemaProblemsCheck: AuditCheck {
  static let missingSchema = AuditRule(
    code: "MCP005", severity: .medium, name: "missing-input-schema",
    title: "A tool has no inputSchema")
  static let notObject = AuditRule(
    code: "MCP006", severity: .medium, name: "non-object-input-schema",
    title: "A tool's inputSchema is not an object schema")
  static let badName = AuditRule(
    code: "MCP007", severity: .low, name: "invalid-tool-name",
    title: "A tool name is outside [A-Za-z0-9_.-] or over 128 characters")

  static let nameLimit = 128

  var rules: [AuditRule] { [Self.missingSchema, Self.notObject, Self.badName] }

  func findings(in report: CensusReport) -> [Finding] {
    var findings: [Finding] = []
    for server in discovered(report) {
      for (position, tool) in server.discovery.items(.tools).enumerated() {
        let name = Fingerprint.identifier(tool, kind: .tools)
        let item = ItemReference(
          kind: .tools, name: Fingerprint.name(name, position: position))
        findings += problems(tool, name: name, item: item, server: server.name)
      }
    }
    return findings
  }

  /// Reads only `inputSchema`'s `type` unless the schema is wrong.
  private func problems(
    _ tool: RawJSON, name: String, item: ItemReference, server: String
  ) -> [Finding] {
    var findings: [Finding] = []
    switch tool.member("inputSchema") {
    case let schema? where !schema.isNull:
      let type = schema.member("type")
      guard type?.value != .string("object") else { break }
      let shown = type.map { JSONWriter().string($0.value) } ?? "none"
      findings.append(Self.notObject.finding(
        server, item: item,
        message: "\(item.label) inputSchema has type \(Evidence.visible(shown)), "
          + "not \"object\"",
        evidence: Evidence.excerpt(JSONWriter().string(schema.value))))
    default:
      findings.append(Self.missingSchema.finding(
        server, item: item,
        message: "\(item.label) has no inputSchema; MCP requires one"))
    }
    if let reason = Self.nameProblem(name) {
      findings.append(Self.badName.finding(
        server, item: item, message: "\(item.label) \(reason)",
        evidence: Evidence.excerpt(name)))
    }
    return findings
  }

  /// Why `name` is not a portable tool name, or nil when it is one.
  static func nameProblem(_ name: String) -> String? {
    if name.isEmpty { return "has an empty name" }
    // Judged on the bytes: every allowed character is one ASCII byte,
    // and each byte of an ASCII name is one character.
    let bytes = name.utf8
    let allowed = bytes.allSatisfy(isNameByte)
    let length = allowed || bytes.allSatisfy({ $0 < 0x80 })
      ? bytes.count : name.unicodeScalars.count
    if length > nameLimit {
      return "name is \(length) characters long (at most \(nameLimit))"
    }
    return allowed ? nil : "name has characters outside [A-Za-z0-9_.-]"
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    byte.isASCIIAlphanumeric || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
      || byte == UInt8(ascii: "-")
  }
}
