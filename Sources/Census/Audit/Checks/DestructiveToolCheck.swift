/// MCP012: tools that say they may destroy or overwrite data, listed at
/// info level so reviewers see them.
///
/// Follows the MCP defaults: `destructiveHint` is meaningful only when
/// `readOnlyHint` is false, and defaults to true then. A tool counts as
/// destructive when it sets `destructiveHint: true`, or sets
/// `readOnlyHint: false` and leaves `destructiveHint` out. Tools with no
/// annotations at all are not listed: they claim nothing.
struct DestructiveToolCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP012", severity: .info, name: "destructive-tool",
    title: "A tool is annotated as destructive")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    var findings: [Finding] = []
    for server in discovered(report) {
      for (position, tool) in server.discovery.items(.tools).enumerated() {
        let annotations = tool.member("annotations")?.value
        guard let reason = Self.destructiveReason(annotations) else {
          continue
        }
        let item = Fingerprint.reference(tool, kind: .tools, position: position)
        findings.append(Self.rule.finding(
          server.name, item: item,
          message: "\(item.label) may change or delete data (\(reason))"))
      }
    }
    return findings
  }

  static func destructiveReason(_ annotations: JSONValue?) -> String? {
    guard let annotations else { return nil }
    let readOnly = annotations["readOnlyHint"]?.boolValue
    let destructive = annotations["destructiveHint"]?.boolValue
    if readOnly == true { return nil }
    if destructive == true { return "destructiveHint: true" }
    if readOnly == false, annotations["destructiveHint"] == nil {
      return "readOnlyHint: false, destructiveHint defaults to true"
    }
    return nil
  }
}
