import Glibc

/// The SARIF 2.1.0 log GitHub code scanning loads: one rule per finding
/// code, one result per finding, located at the server's entry in the
/// manifest.
///
/// Suppressed findings are results with a `suppressions` entry, so code
/// scanning shows them as dismissed. `partialFingerprints` hash the code,
/// server, item and message, which stay the same from run to run while
/// the finding does.
public struct SARIFReport: Sendable {
  public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
  /// Where people learn about the tool.
  public static let informationURI = "https://modelcontextprotocol.io/"

  /// Relative artifact paths are taken from this folder (the working
  /// folder, where CI checks out the repository).
  public var baseFolder: String

  public init(baseFolder: String = SARIFReport.currentFolder()) {
    self.baseFolder = baseFolder
  }

  public func jsonValue(_ report: CensusReport) -> JSONValue {
    let rules = Audit.rules
    let artifact = report.manifests.first.map(artifactURI) ?? "manifest.yaml"
    let results = report.findings.map { finding in
      result(finding, report: report, rules: rules, artifact: artifact)
    }
    let driver: JSONValue = .object([
      "name": .string("mcp-census"), "version": .string(CensusCommand.version),
      "informationUri": .string(Self.informationURI),
      "rules": .array(rules.map(ruleJSON)),
    ])
    let run: JSONValue = .object([
      "tool": .object(["driver": driver]),
      "automationDetails": .object(["id": .string("mcp-census/\(report.job)/")]),
      "columnKind": .string("unicodeCodePoints"),
      "results": .array(results),
    ])
    return .object([
      "$schema": .string(Self.schema), "version": .string("2.1.0"),
      "runs": .array([run]),
    ])
  }

  private func ruleJSON(_ rule: AuditRule) -> JSONValue {
    .object([
      "id": .string(rule.code), "name": .string(rule.name),
      "shortDescription": .object(["text": .string(rule.title)]),
      "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
      "properties": .object([
        "tags": .array([.string("security"), .string("mcp")]),
        "severity": .string(rule.severity.rawValue),
      ]),
    ])
  }

  private func result(
    _ finding: Finding, report: CensusReport, rules: [AuditRule],
    artifact: String
  ) -> JSONValue {
    let mark = report.servers.first { $0.name == finding.server }?.mark
    var message = finding.message
    if let evidence = finding.evidence { message += " (evidence: \(evidence))" }
    var object = JSONObject()
    object["ruleId"] = .string(finding.code)
    if let index = rules.firstIndex(where: { $0.code == finding.code }) {
      object["ruleIndex"] = .integer(index)
    }
    object["level"] = .string(level(finding.severity))
    object["message"] = .object(["text": .string(message)])
    object["locations"] = .array([.object([
      "physicalLocation": .object([
        "artifactLocation": .object(["uri": .string(artifact)]),
        "region": .object([
          "startLine": .integer(max(1, mark?.line ?? 1)),
          "startColumn": .integer(max(1, mark?.column ?? 1)),
        ]),
      ])
    ])])
    object["partialFingerprints"] = .object([
      "mcpCensusFinding/v1": .string(fingerprint(finding)),
    ])
    if let reason = finding.suppression {
      object["suppressions"] = .array([.object([
        "kind": .string("external"), "justification": .string(reason),
      ])])
    }
    return .object(object)
  }

  /// `error`, `warning` or `note`.
  private func level(_ severity: Severity) -> String {
    switch severity {
    case .high: return "error"
    case .medium: return "warning"
    case .low, .info: return "note"
    }
  }

  private func fingerprint(_ finding: Finding) -> String {
    Fingerprint.hash(.array([
      .string(finding.code), .string(finding.server),
      .string(finding.item?.kind.rawValue ?? ""),
      .string(finding.item?.name ?? ""), .string(finding.message),
    ]))
  }

  /// The manifest path relative to `baseFolder` when it is inside it,
  /// percent-encoded as a URI reference.
  func artifactURI(_ path: String) -> String {
    var relative = path
    let base = baseFolder.hasSuffix("/") ? baseFolder : baseFolder + "/"
    if path.hasPrefix(base) { relative = String(path.dropFirst(base.count)) }
    if relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
    var encoded = ""
    for byte in relative.utf8 {
      let scalar = Unicode.Scalar(byte)
      if scalar.isASCII, scalar.properties.isAlphabetic
        || ("0"..."9").contains(scalar) || "-._~/".unicodeScalars.contains(scalar)
      {
        encoded.unicodeScalars.append(scalar)
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        encoded += "%" + (byte < 16 ? "0" : "") + hex
      }
    }
    return path.hasPrefix("/") && !path.hasPrefix(base)
      ? "file://" + encoded : encoded
  }

  /// The working folder, or `.` when it cannot be read.
  public static func currentFolder() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)),
      as: UTF8.self)
  }
}
