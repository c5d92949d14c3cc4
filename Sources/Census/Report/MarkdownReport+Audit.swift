/// The audit's sections of the Markdown report: "What changed" (first,
/// right under the run facts) and "Findings" (after the summary).
extension MarkdownReport {
  func driftSection(_ drift: Drift, report: CensusReport) -> [String] {
    var lines = ["## What changed", ""]
    let since = "Compared with the report of \(text(drift.baseline.job)) "
      + "started \(timestamp(drift.baseline.startedAt))."
    lines.append(since)
    guard !drift.isEmpty else {
      return lines + ["", "Nothing changed."]
    }
    lines.append("")
    for name in drift.serversAdded {
      lines.append("- Server \(text(name)) was added to the manifest.")
    }
    for name in drift.serversRemoved {
      lines.append("- Server \(text(name)) was removed from the manifest.")
    }
    for server in drift.servers {
      lines += serverDrift(server)
    }
    let described = drift.servers.flatMap { server in
      server.changed.filter { $0.aspects.contains(.description) }
        .map { (server.name, $0) }
    }
    if !described.isEmpty {
      lines += ["", "### Changed descriptions", ""]
      let rows = described.map { server, change in
        [
          text(server), "\(change.item.kind.singular) \(text(change.item.name))",
          text(change.oldDescription ?? ""), text(change.newDescription ?? ""),
        ]
      }
      lines += table(["Server", "Item", "Before", "After"], rows: rows)
    }
    return lines
  }

  private func serverDrift(_ server: ServerDrift) -> [String] {
    var lines: [String] = []
    let name = text(server.name)
    if let availability = server.availability {
      let old = server.oldStatus?.rawValue ?? "?"
      let new = server.newStatus?.rawValue ?? "?"
      let what = availability == .recovered ? "recovered" : "is newly failing"
      lines.append("- \(name) \(what) (\(old) → \(new)).")
    }
    if let change = server.serverInfo {
      lines.append("- \(name) serverInfo: \(values(change)).")
    }
    if let change = server.protocolVersion {
      lines.append("- \(name) protocol revision: \(values(change)).")
    }
    for item in server.added {
      lines.append("- \(name): \(item.kind.singular) \(text(item.name)) added.")
    }
    for item in server.removed {
      lines.append(
        "- \(name): \(item.kind.singular) \(text(item.name)) removed.")
    }
    for change in server.changed {
      let aspects = change.aspects.map(\.rawValue).joined(separator: ", ")
      lines.append(
        "- \(name): \(change.item.kind.singular) \(text(change.item.name)) "
          + "changed (\(aspects)).")
    }
    return lines
  }

  private func values(_ change: ValueChange) -> String {
    "\(text(change.old ?? "none")) → \(text(change.new ?? "none"))"
  }

  func findingsSection(_ findings: [Finding]) -> [String] {
    let open = findings.filter { !$0.isSuppressed }.count
    var lines = [
      "## Findings", "",
      "\(counted(findings.count, "finding")), \(open) not suppressed.", "",
    ]
    let rows = findings.map { finding in
      [
        finding.code, finding.severity.rawValue, text(finding.server),
        finding.item.map { "\($0.kind.singular) \(text($0.name))" } ?? "",
        text(finding.message), finding.evidence.map(text) ?? "",
        finding.suppression.map { "suppressed: \(text($0))" } ?? "",
      ]
    }
    lines += table(
      ["Code", "Severity", "Server", "Item", "Finding", "Evidence", "Note"],
      rows: rows)
    return lines
  }
}
