/// MCP003: one tool name offered twice by a server, or by two or more
/// servers of a job; a client may call the wrong one, or one tool may
/// shadow another. Items without a name are MCP005's.
struct DuplicateToolNameCheck: AuditCheck {
  static let rule = AuditRule(
    code: "MCP003", severity: .medium, name: "duplicate-tool-name",
    title: "A tool name is offered more than once")

  var rules: [AuditRule] { [Self.rule] }

  func findings(in report: CensusReport) -> [Finding] {
    let servers = discovered(report)
    var owners: [String: [String]] = [:]
    for server in servers {
      let names = Set(server.discovery.items(.tools).map {
        Fingerprint.identifier($0, kind: .tools)
      })
      for name in names where !name.isEmpty {
        owners[name, default: []].append(server.name)
      }
    }
    // Names are read again rather than kept from the first pass: a job
    // of thousands of servers would hold them all at once.
    var findings: [Finding] = []
    var shared: [String: String] = [:]
    var evidence: [String: String] = [:]
    for server in servers {
      var times: [String: Int] = [:]
      var names: [String] = []
      for tool in server.discovery.items(.tools) {
        let name = Fingerprint.identifier(tool, kind: .tools)
        guard !name.isEmpty else { continue }
        if times[name] == nil { names.append(name) }
        times[name, default: 0] += 1
      }
      for name in names {
        let all = owners[name] ?? []
        let count = times[name] ?? 0
        guard all.count > 1 || count > 1 else { continue }
        var message: String
        if all.count > 1 {
          message = othersText(name, all, server: server.name, shared: &shared)
        } else {
          message = "tool '\(name)'"
        }
        if count > 1 {
          message += (all.count > 1 ? "; it is also" : " is")
            + " offered \(count) times by this server, and a client can reach "
            + "only one of them"
        }
        let excerpt = evidence[name] ?? Evidence.excerpt(name)
        evidence[name] = excerpt
        findings.append(Self.rule.finding(
          server.name, item: ItemReference(kind: .tools, name: name),
          message: message, evidence: excerpt))
      }
    }
    return findings
  }

  /// "tool 'x' is also offered by server ...". A server past the owners
  /// a finding lists gets the same text as every other such server: it
  /// is made once per name, in `shared`.
  private func othersText(
    _ name: String, _ all: [String], server: String, shared: inout [String: String]
  ) -> String {
    let listed = all.prefix(Self.listedOwners + 1).contains(server)
    if !listed, let text = shared[name] { return text }
    let text = "tool '\(name)' is also offered by server "
      + Self.list(all, excluding: server)
    if !listed { shared[name] = text }
    return text
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
