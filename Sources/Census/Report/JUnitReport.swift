/// The JUnit XML report, in the shape Jenkins and GitLab read: one
/// `<testsuite>` per job, one `<testcase>` per server (classname the job,
/// name the server).
///
/// A server fails when it could not be discovered, or when it has
/// unsuppressed findings (or drift) that `failOn` counts; its failure
/// lists them all. Skipped servers are `<skipped/>`. Every finding that is
/// not suppressed is listed in `<system-out>` whatever the level.
public struct JUnitReport: Sendable {
  public var failOn: FailOn

  public init(failOn: FailOn) {
    self.failOn = failOn
  }

  public func xml(_ report: CensusReport) -> String {
    let findings = Dictionary(
      grouping: report.findings.filter { !$0.isSuppressed }, by: \.server)
    let drift = Dictionary(
      (report.drift?.servers ?? []).map { ($0.name, $0) },
      uniquingKeysWith: { first, _ in first })
    let cases = report.servers.map { server in
      testcase(
        server, job: report.job, findings: findings[server.name] ?? [],
        drift: drift[server.name])
    }
    let failures = cases.filter { $0.failed }.count
    let skipped = report.servers.filter { $0.status == .skipped }.count
    let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" "
      + "errors=\"0\" skipped=\"\(skipped)\" "
      + "time=\"\(seconds(report.durationMilliseconds))\""
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<testsuites name=\"mcp-census\" \(counts)>",
      "  <testsuite name=\"\(XMLText.escaped(report.job))\" \(counts) "
        + "timestamp=\"\(timestamp(report.startedAt))\" hostname=\"localhost\">",
    ]
    lines += cases.flatMap(\.lines)
    lines += ["  </testsuite>", "</testsuites>"]
    return lines.joined(separator: "\n") + "\n"
  }

  private struct Testcase {
    var lines: [String]
    var failed: Bool
  }

  private func testcase(
    _ server: ServerRecord, job: String, findings: [Finding],
    drift: ServerDrift?
  ) -> Testcase {
    let open = "    <testcase classname=\"\(XMLText.escaped(job))\" "
      + "name=\"\(XMLText.escaped(server.name))\" "
      + "time=\"\(seconds(server.durationMilliseconds))\""
    if server.status == .skipped {
      let reason = XMLText.escaped(server.skipReason ?? "skipped")
      return Testcase(lines: [
        open + ">", "      <skipped message=\"\(reason)\"/>", "    </testcase>",
      ], failed: false)
    }

    var problems: [(type: String, text: String)] = []
    if let failure = server.failure, failOn != .never {
      problems.append((failure.kind, "\(server.status.rawValue): \(failure.message)"))
    } else if !server.status.isDiscovered, failOn != .never {
      problems.append((server.status.rawValue, "not discovered"))
    }
    if failOn.failsOnDrift, let drift {
      problems.append(("drift", DriftText.lines(drift).joined(separator: "; ")))
    }
    for finding in findings where failOn.fails(finding) {
      problems.append((finding.code, FindingText.line(finding)))
    }

    var lines = [open + ">"]
    if let first = problems.first {
      let message = problems.count == 1
        ? first.text : "\(problems.count) problems; first: \(first.text)"
      lines.append(
        "      <failure message=\"\(XMLText.escaped(message))\" "
          + "type=\"\(XMLText.escaped(first.type))\">"
          + XMLText.escaped(problems.map(\.text).joined(separator: "\n"))
          + "</failure>")
    }
    if !findings.isEmpty {
      let text = findings.map(FindingText.line).joined(separator: "\n")
      lines.append("      <system-out>\(XMLText.escaped(text))</system-out>")
    }
    lines.append("    </testcase>")
    return Testcase(lines: lines, failed: !problems.isEmpty)
  }

  private func seconds(_ milliseconds: Double) -> String {
    let thousandths = Int((max(0, milliseconds)).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000)."
      + String(repeating: "0", count: 3 - fraction.count) + fraction
  }

  /// `2026-12-03T16:34:18`: the XSD's dateTime without zone or fraction.
  private func timestamp(_ time: String) -> String {
    XMLText.escaped(String(time.prefix(19)))
  }
}

/// Text for XML 1.0 attributes and elements.
enum XMLText {
  /// `&`, `<`, `>`, `"` and `'` as entities; characters XML 1.0 forbids
  /// (C0 controls but tab and line breaks, U+FFFE, U+FFFF) and invisible
  /// or bidi characters shown as `<U+200B>`, escaped in turn.
  static func escaped(_ text: String) -> String {
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&apos;"
      case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
      default:
        if isForbidden(scalar) || Evidence.isInvisible(scalar)
          || UntrustedText.isHazard(scalar)
        {
          output += "&lt;\(UntrustedText.codePoint(scalar))&gt;"
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output
  }

  static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return false
    case 0x00...0x1F, 0xFFFE, 0xFFFF: return true
    default: return false
    }
  }
}
