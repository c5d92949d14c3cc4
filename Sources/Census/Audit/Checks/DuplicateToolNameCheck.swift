/// MCP003: one tool name offered by two or more servers of a job; a
/// client may call the wrong one, or a server may shadow another's tool.
struct DuplicateToolNameCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP003", severity: .medium, name: "duplicate-tool-name",
    title: "A tool name is offered by more than one server")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    let servers = discovered(report)
    var owners: [String: [String]] = [:]
    for server in servers {
      let names = Set(server.discovery.items(.tools).map {
        Fingerprint.identifier($0, kind: .tools)
      })
      for name in names { owners[name, default: []].append(server.name) }
    }
    // Names are read again rather than kept from the first pass: a job
    // of thousands of servers would hold them all at once.
    var findings: [Finding] = []
    var shared: [String: (message: String, evidence: String)] = [:]
    for server in servers {
      var seen: Set<String> = []
      for tool in server.discovery.items(.tools) {
        let name = Fingerprint.identifier(tool, kind: .tools)
        guard seen.insert(name).inserted else { continue }
        let all = owners[name] ?? []
        guard all.count > 1 else { continue }
        // A server past the owners a finding lists gets the same text as
        // every other such server: it is made once per name.
        let listed = all.prefix(Self.listedOwners + 1).contains(server.name)
        let text = (listed ? nil : shared[name]) ?? (
          message: "tool '\(name)' is also offered by server "
            + Self.list(all, excluding: server.name),
          evidence: Evidence.excerpt(name))
        if !listed { shared[name] = text }
        findings.append(Self.rule.finding(
          server.name, item: ItemReference(kind: .tools, name: name),
          message: text.message, evidence: text.evidence))
      }
    }
    return findings
  }

  /// Servers named in one finding; more are counted, not listed, so that
  /// a name shared by every server of a big job costs each finding a
  /// line, not a list of the whole job (which made reports quadratic).
  static let listedOwners = 5

  /// "'a', 'b'" or "'a', 'b', 'c', 'd', 'e' and 7 more": `owners` but
  /// `server`, which is among them once.
  static func list(_ owners: [String], excluding server: String) -> String {
    let shown = owners.lazy.filter { $0 != server }.prefix(listedOwners)
    let text = shown.map { "'\($0)'" }.joined(separator: ", ")
    let hidden = owners.count - 1 - shown.count
    return hidden > 0 ? "\(text) and \(hidden) more" : text
  }
}
