/// Findings and drift as lines for people on a terminal: everything a
/// server sent goes through `UntrustedText.terminalSafe`.
enum FindingText {
  /// `MCP001 high files tool 'read': message [evidence: ...]`.
  static func line(_ finding: Finding) -> String {
    var text = "\(finding.code) \(finding.severity.rawValue) "
      + safe(finding.server)
    if let item = finding.item { text += " \(item.kind.singular) \(safe(item.name))" }
    text += ": " + safe(finding.message)
    if let evidence = finding.evidence { text += " [evidence: \(safe(evidence))]" }
    if let reason = finding.suppression { text += " (suppressed: \(safe(reason)))" }
    return text
  }

  static func safe(_ text: String) -> String {
    UntrustedText.terminalSafe(text)
  }
}

enum DriftText {
  /// The whole drift, one change per line, or a line saying none.
  static func text(_ drift: Drift) -> String {
    var lines = [
      "drift since \(FindingText.safe(drift.baseline.job)) report of "
        + FindingText.safe(drift.baseline.startedAt) + ":"
    ]
    guard !drift.isEmpty else { return lines[0] + " nothing changed\n" }
    lines += drift.serversAdded.map { "  + server \(FindingText.safe($0)) added" }
    lines += drift.serversRemoved.map {
      "  - server \(FindingText.safe($0)) removed"
    }
    for server in drift.servers {
      lines += self.lines(server).map { "  \(FindingText.safe(server.name)): \($0)" }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One server's changes, without its name.
  static func lines(_ server: ServerDrift) -> [String] {
    var lines: [String] = []
    if let availability = server.availability {
      let statuses = "\(server.oldStatus?.rawValue ?? "?") -> "
        + (server.newStatus?.rawValue ?? "?")
      lines.append(
        (availability == .recovered ? "recovered" : "newly failing")
          + " (\(statuses))")
    }
    if let change = server.serverInfo {
      lines.append("serverInfo \(values(change))")
    }
    if let change = server.protocolVersion {
      lines.append("protocol revision \(values(change))")
    }
    lines += server.added.map {
      "+ \($0.kind.singular) \(FindingText.safe($0.name)) added"
    }
    lines += server.removed.map {
      "- \($0.kind.singular) \(FindingText.safe($0.name)) removed"
    }
    for change in server.changed {
      let aspects = change.aspects.map(\.rawValue).joined(separator: ", ")
      lines.append(
        "~ \(change.item.kind.singular) \(FindingText.safe(change.item.name)) "
          + "changed: \(aspects)")
      if change.aspects.contains(.description) {
        lines.append("    before: " + FindingText.safe(change.oldDescription ?? ""))
        lines.append("    after:  " + FindingText.safe(change.newDescription ?? ""))
      }
    }
    return lines
  }

  private static func values(_ change: ValueChange) -> String {
    FindingText.safe(change.old ?? "none") + " -> "
      + FindingText.safe(change.new ?? "none")
  }
}

extension FindingText {
  /// `findings: 1 high, 2 info (1 suppressed)`.
  static func summary(_ findings: [Finding]) -> String {
    let open = findings.filter { !$0.isSuppressed }
    let counts = Severity.allCases.reversed().compactMap { severity in
      let count = open.filter { $0.severity == severity }.count
      return count == 0 ? nil : "\(count) \(severity.rawValue)"
    }
    var line = "findings: " + (counts.isEmpty ? "none open" : counts.joined(separator: ", "))
    let suppressed = findings.count - open.count
    if suppressed > 0 { line += " (\(suppressed) suppressed)" }
    return line
  }
}
