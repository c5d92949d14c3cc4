/// The Markdown report, for people: run facts, a summary table, then one
/// section per server with what it offers or why it could not be read.
///
/// Every string that came from a server or the manifest goes through
/// `UntrustedText.markdown(_:)`; tables never come out empty ("none"
/// stands in for them).
public struct MarkdownReport: Sendable {
  /// How many lines of a server's instructions are quoted.
  public var instructionLines = 6

  public init() {}

  /// The whole report as Markdown text, ending in a newline.
  public func markdown(_ report: CensusReport) -> String {
    var lines = header(report)
    if let drift = report.drift {
      lines += [""] + driftSection(drift, report: report)
    }
    lines += [""] + summary(report)
    if !report.findings.isEmpty {
      lines += [""] + findingsSection(report.findings)
    }
    for server in report.servers {
      lines += [""] + section(server, discover: report.discover)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func header(_ report: CensusReport) -> [String] {
    var lines = ["# mcp-census report: \(text(report.job))", ""]
    if let description = report.description {
      let line = UntrustedText.firstLine(description)
      lines.append(UntrustedText.markdown(line, atLineStart: true))
    } else {
      let count = counted(report.servers.count, "MCP server")
      lines.append("What the \(count) of this job offer.")
    }
    lines.append("")
    lines.append("- Started: \(timestamp(report.startedAt))")
    lines.append("- Finished: \(timestamp(report.finishedAt))")
    lines.append("- Duration: \(duration(report.durationMilliseconds))")
    let manifests = report.manifests.map(text).joined(separator: ", ")
    lines.append("- Manifests: \(manifests.isEmpty ? "none" : manifests)")
    lines.append("- Tool version: \(text(report.toolVersion))")
    if let reason = report.stoppedBy {
      lines.append("- Stopped by: \(describe(reason))")
    }
    return lines
  }

  /// Our own ISO 8601 time, shown as it is when it looks like one.
  func timestamp(_ time: String) -> String {
    let allowed = time.unicodeScalars.allSatisfy {
      ("0"..."9").contains($0) || "-:.TZ+".unicodeScalars.contains($0)
    }
    return allowed ? time : text(time)
  }

  private func describe(_ reason: CancellationReason) -> String {
    switch reason {
    case .jobTimeout:
      return "the job timeout; servers not finished are cancelled"
    case .interrupted:
      return "an interrupt; servers not finished are cancelled"
    }
  }

  private func summary(_ report: CensusReport) -> [String] {
    let rows = report.servers.map { server in
      [
        text(server.name), server.status.rawValue, text(server.transport),
        server.discovery.protocolVersion.map(text) ?? "",
        count(.tools, of: server), count(.resources, of: server),
        count(.resourceTemplates, of: server), count(.prompts, of: server),
        server.status == .skipped
          ? "" : duration(server.durationMilliseconds),
      ]
    }
    let headings = [
      "Server", "Status", "Transport", "Protocol", "Tools", "Resources",
      "Templates", "Prompts", "Duration",
    ]
    var lines = ["## Summary", ""]
    lines += table(headings, rows: rows, rightAligned: 4..<9)
    lines += ["", totals(report.summary)]
    return lines
  }

  /// A list's size for the summary: blank when it was not read, `12+`
  /// when cut short, `error` when the server refused it.
  private func count(_ kind: DiscoveryKind, of server: ServerRecord) -> String {
    guard let list = server.discovery.lists.first(where: { $0.kind == kind })
    else { return "" }
    if list.error != nil { return "error" }
    return "\(list.items.count)\(list.truncated == nil ? "" : "+")"
  }

  private func totals(_ summary: ReportSummary) -> String {
    let statuses = [
      "\(summary.ok) ok", "\(summary.partial) partial",
      // `failed` counts timeouts and cancellations too: the table's
      // statuses tell them apart, and "failed" here would not add up.
      "\(summary.failed) not discovered", "\(summary.skipped) skipped",
    ]
    let items = [
      counted(summary.tools, "tool"), counted(summary.resources, "resource"),
      counted(summary.resourceTemplates, "resource template"),
      counted(summary.prompts, "prompt"),
    ]
    return "**Totals:** \(counted(summary.total, "server")) ("
      + statuses.joined(separator: ", ") + "); "
      + items.joined(separator: ", ") + "."
  }

  private func section(
    _ server: ServerRecord, discover: [DiscoveryKind]
  ) -> [String] {
    var lines = ["## \(text(server.name))", ""]
    if let description = server.description {
      let line = UntrustedText.firstLine(description)
      lines += [UntrustedText.markdown(line, atLineStart: true), ""]
    }
    lines += facts(server)
    if server.status == .skipped { return lines }

    lines += instructions(server.discovery)
    let reached = server.discovery.protocolVersion != nil
      || !server.discovery.lists.isEmpty
    if reached {
      for kind in discover {
        lines += [""] + listSection(kind, of: server.discovery)
      }
    }
    lines += warnings(server.discovery.warnings)
    lines += failure(server)
    lines += attempts(server)
    if server.status != .ok, let tail = server.stderrTail,
      !tail.allSatisfy(\.isWhitespace)
    {
      lines += ["", "### Stderr tail", "", UntrustedText.fencedBlock(tail)]
    }
    return lines
  }

  private func facts(_ server: ServerRecord) -> [String] {
    var lines = ["- Status: **\(server.status.rawValue)**"]
    if server.status == .skipped {
      let reason = server.skipReason.map(text) ?? "no reason recorded"
      lines.append("- Skipped because: \(reason)")
    }
    lines.append("- Transport: \(text(server.transport))")
    lines.append("- Target: \(text(server.target))")
    if let url = server.finalURL {
      lines.append("- Final URL: \(text(url))")
    }
    lines.append(
      "- Manifest entry: line \(server.mark.line), "
        + "column \(server.mark.column)")
    if !server.tags.isEmpty {
      lines.append("- Tags: \(server.tags.map(text).joined(separator: ", "))")
    }
    if server.status == .skipped { return lines }

    let discovery = server.discovery
    if let info = discovery.serverInfo {
      lines.append("- Server: \(serverName(info))")
    }
    if let version = discovery.protocolVersion {
      lines.append("- Protocol revision: \(text(version))")
    }
    let attempts = counted(server.attempts.count, "attempt")
    lines.append(
      "- Duration: \(duration(server.durationMilliseconds)), \(attempts)")
    var latencies: [String] = []
    if let latency = discovery.initializeLatency {
      latencies.append("initialize \(duration(latency.milliseconds))")
    }
    if let latency = discovery.pingLatency {
      latencies.append("ping \(duration(latency.milliseconds))")
    }
    if !latencies.isEmpty {
      lines.append("- Latency: \(latencies.joined(separator: ", "))")
    }
    return lines
  }

  /// `name version (title)` from `serverInfo`, whatever parts it has.
  private func serverName(_ info: JSONValue) -> String {
    var parts: [String] = []
    if let name = info["name"]?.stringValue { parts.append(text(name)) }
    if let version = info["version"]?.stringValue {
      parts.append(text(version))
    }
    if let title = info["title"]?.stringValue {
      parts.append("(\(text(title)))")
    }
    return parts.isEmpty ? "unnamed" : parts.joined(separator: " ")
  }

  private func instructions(_ discovery: Discovery) -> [String] {
    guard let instructions = discovery.instructions else { return [] }
    var body = instructions.split(
      omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    while body.first?.allSatisfy(\.isWhitespace) == true {
      body.removeFirst()
    }
    while body.last?.allSatisfy(\.isWhitespace) == true { body.removeLast() }
    guard !body.isEmpty else { return [] }

    var lines = ["", "Instructions:", ""]
    for line in body.prefix(instructionLines) {
      let shown = UntrustedText.truncated(String(line), limit: 200)
      let escaped = UntrustedText.markdown(shown, atLineStart: true)
      lines.append(escaped.isEmpty ? ">" : "> \(escaped)")
    }
    if body.count > instructionLines {
      lines.append("> …")
    }
    return lines
  }

  private func listSection(
    _ kind: DiscoveryKind, of discovery: Discovery
  ) -> [String] {
    let title = heading(kind)
    guard let list = discovery.lists.first(where: { $0.kind == kind }) else {
      let why = kind.isDeclared(in: discovery.capabilities)
        ? "the attempt ended before this list (see the failure below)"
        : "the server did not declare them"
      return ["### \(title)", "", "Not listed: \(why)."]
    }
    var lines = ["### \(title) (\(list.items.count))", ""]
    if let error = list.error {
      lines += ["The list failed: \(text(error))", ""]
    }
    if let reason = list.truncated {
      lines += ["Cut short: \(text(reason))", ""]
    }
    guard !list.items.isEmpty else { return lines + ["none"] }

    // Each item is read while its row is made.
    func itemRows(_ row: (JSONValue) -> [String]) -> [[String]] {
      list.items.map { row($0.value) }
    }
    switch kind {
    case .tools:
      let headings = [
        "Name", "Title", "Read-only", "Destructive", "Description",
        "Required arguments",
      ]
      return lines + table(headings, rows: itemRows(toolRow))
    case .resources:
      let rows = itemRows {
        [field($0, "name"), field($0, "uri"), field($0, "mimeType")]
      }
      return lines + table(["Name", "URI", "MIME type"], rows: rows)
    case .resourceTemplates:
      let rows = itemRows {
        [field($0, "name"), field($0, "uriTemplate")]
      }
      return lines + table(["Name", "URI template"], rows: rows)
    case .prompts:
      let rows = itemRows {
        [field($0, "name"), firstLine($0["description"]), arguments($0)]
      }
      return lines + table(["Name", "Description", "Arguments"], rows: rows)
    }
  }

  private func heading(_ kind: DiscoveryKind) -> String {
    switch kind {
    case .tools: return "Tools"
    case .resources: return "Resources"
    case .resourceTemplates: return "Resource templates"
    case .prompts: return "Prompts"
    }
  }

  private func toolRow(_ tool: JSONValue) -> [String] {
    let annotations = tool["annotations"]
    let title = tool["title"] ?? annotations?["title"]
    let required = (tool["inputSchema"]?["required"]?.arrayValue ?? [])
      .compactMap(\.stringValue)
    return [
      field(tool, "name"), title?.stringValue.map(text) ?? "",
      hint(annotations?["readOnlyHint"]),
      hint(annotations?["destructiveHint"]),
      firstLine(tool["description"]),
      required.isEmpty ? "none" : required.map(text).joined(separator: ", "),
    ]
  }

  /// `yes` or `no` for a boolean hint, blank when the server gave none.
  private func hint(_ value: JSONValue?) -> String {
    switch value {
    case nil, .null?: return ""
    case .bool(let flag)?: return flag ? "yes" : "no"
    default: return "invalid"
    }
  }

  /// A prompt's arguments: `city (required), unit`.
  private func arguments(_ prompt: JSONValue) -> String {
    let arguments = prompt["arguments"]?.arrayValue ?? []
    guard !arguments.isEmpty else { return "none" }
    return arguments.map { argument in
      let name = field(argument, "name")
      let required = argument["required"]?.boolValue == true
      return required ? "\(name) (required)" : name
    }.joined(separator: ", ")
  }

  private func warnings(_ warnings: [String]) -> [String] {
    guard !warnings.isEmpty else { return [] }
    return ["", "### Warnings", ""] + warnings.map { "- \(text($0))" }
  }

  private func failure(_ server: ServerRecord) -> [String] {
    guard let failure = server.failure else { return [] }
    let challenge = failure.challenge.map { ["- Challenge: \(text($0))"] }
    return [
      "", "### Failure", "", "- Error: \(describe(failure))",
      "- Message: \(text(failure.message))",
    ] + (challenge ?? [])
  }

  /// Every attempt, when there was more than one or the server failed.
  private func attempts(_ server: ServerRecord) -> [String] {
    guard server.failure != nil || server.attempts.count > 1 else {
      return []
    }
    let rows = server.attempts.map { attempt in
      [
        "\(attempt.number)", duration(attempt.durationMilliseconds),
        attempt.failure.map { "\(describe($0)): \(text($0.message))" }
          ?? "succeeded",
      ]
    }
    let headings = ["Attempt", "Duration", "Result"]
    return ["", "### Attempts", ""]
      + (rows.isEmpty ? ["none"] : table(headings, rows: rows))
  }

  /// `exited (exit code 1)`: the kind with the numbers that go with it.
  private func describe(_ failure: FailureRecord) -> String {
    var details: [String] = []
    if let code = failure.exitCode { details.append("exit code \(code)") }
    if let signal = failure.signal { details.append("signal \(signal)") }
    if let status = failure.httpStatus { details.append("HTTP \(status)") }
    if failure.retryable { details.append("retryable") }
    let kind = text(failure.kind)
    guard !details.isEmpty else { return kind }
    return "\(kind) (\(details.joined(separator: ", ")))"
  }

  // MARK: - Building blocks

  func text(_ untrusted: String) -> String {
    UntrustedText.markdown(untrusted)
  }

  /// A string member of an item, escaped; blank when absent.
  private func field(_ item: JSONValue, _ key: String) -> String {
    item[key]?.stringValue.map(text) ?? ""
  }

  private func firstLine(_ value: JSONValue?) -> String {
    guard let description = value?.stringValue else { return "" }
    return text(UntrustedText.firstLine(description))
  }

  /// A table of cells already escaped; a blank cell shows a dash.
  func table(
    _ headings: [String], rows: [[String]],
    rightAligned: Range<Int> = 0..<0
  ) -> [String] {
    func row(_ cells: [String]) -> String {
      "| " + cells.map { $0.isEmpty ? "—" : $0 }
        .joined(separator: " | ") + " |"
    }
    let rule = headings.indices.map {
      rightAligned.contains($0) ? "--:" : "---"
    }
    return [row(headings), "|" + rule.joined(separator: "|") + "|"]
      + rows.map(row)
  }

  /// `1.5 ms`, `850 ms`, `12.3 s` or `2 min 5 s`.
  private func duration(_ milliseconds: Double) -> String {
    guard milliseconds.isFinite, milliseconds >= 0 else { return "" }
    if milliseconds < 9.95 {
      let tenths = Int((milliseconds * 10).rounded())
      return "\(tenths / 10).\(tenths % 10) ms"
    }
    if milliseconds < 999.5 { return "\(Int(milliseconds.rounded())) ms" }
    if milliseconds < 59_950 {
      let tenths = Int((milliseconds / 100).rounded())
      return "\(tenths / 10).\(tenths % 10) s"
    }
    let seconds = Int((milliseconds / 1000).rounded())
    return "\(seconds / 60) min \(seconds % 60) s"
  }
}
