extension CensusReport {
  /// The JSON report: camelCase keys in a fixed order, unset optional
  /// members left out, and every item exactly as the server sent it.
  ///
  /// Durations are milliseconds rounded to three decimals.
  public func jsonValue() -> JSONValue {
    let members = jsonMembers(serversPerBatch: servers.count).compactMap {
      key, member -> (String, JSONValue)? in
      switch member {
      case nil: return nil
      case .value(let value): return (key, value)
      case .elements(let count, _, let make): return (key, .array((0..<count).map(make)))
      }
    }
    return .object(JSONObject(members))
  }

  /// Writes `jsonValue()` as indented JSON, byte for byte the same, with
  /// only `serversPerBatch` servers' JSON (and 4 times as many
  /// findings') made at a time.
  public func streamJSON(
    serversPerBatch: Int = 64, to sink: (UnsafeRawBufferPointer) -> Void
  ) {
    JSONWriter(pretty: true).streamObject(
      jsonMembers(serversPerBatch: serversPerBatch), to: sink)
  }

  /// The report's members in order, nil for those left out. Servers are
  /// made a batch at a time, spread over the cores: hashing their items
  /// is most of the work of writing a report. Findings, several per
  /// server in a large job, are made a batch at a time too.
  private func jsonMembers(
    serversPerBatch: Int
  ) -> [(String, JSONWriter.StreamedMember?)] {
    let servers = self.servers
    func value(_ value: JSONValue?) -> JSONWriter.StreamedMember? {
      value.map { .value($0) }
    }
    return [
      ("schemaVersion", value(.integer(schemaVersion))),
      ("job", value(.string(job))),
      ("description", value(description.map(JSONValue.string))),
      ("manifests", value(.array(manifests.map(JSONValue.string)))),
      ("toolVersion", value(.string(toolVersion))),
      ("startedAt", value(.string(startedAt))),
      ("finishedAt", value(.string(finishedAt))),
      ("durationMs", value(.milliseconds(durationMilliseconds))),
      ("limits", value(limits.jsonValue())),
      ("discover", value(.array(discover.map { .string($0.rawValue) }))),
      ("stoppedBy", value(stoppedBy.map { .string($0.rawValue) })),
      ("shard", value(shard.map { shard in
        .object(["index": .integer(shard.index), "count": .integer(shard.count)])
      })),
      ("summary", value(summary.jsonValue())),
      ("servers", .elements(count: servers.count, batch: serversPerBatch) {
        servers[$0].jsonValue()
      }),
      ("suppressions", value(.array(suppressions.map { $0.jsonValue() }))),
      ("findings", .elements(count: findings.count, batch: serversPerBatch * 4) {
        findings[$0].jsonValue()
      }),
      ("drift", value(drift?.jsonValue())),
    ]
  }

  /// Reads a report written by `jsonValue()`, as `diff`, `audit` and
  /// `--baseline` do with saved reports.
  ///
  /// The summary is not read: it is derived from the servers.
  /// - Throws: `ReportDecodingError` naming the first value that is
  ///   missing or of the wrong kind.
  public init(json: JSONValue) throws(ReportDecodingError) {
    let root = Located(json, path: "")
    let versionField = try root.member("schemaVersion")
    let version = try versionField.integer()
    guard version <= CensusReport.currentSchemaVersion, version >= 1 else {
      throw versionField.failure(
        "version \(version) is not one this mcp-census reads "
          + "(1...\(CensusReport.currentSchemaVersion))")
    }

    self.init(
      job: try root.member("job").string(),
      description: try root.optionalMember("description")?.string(),
      manifests: try root.member("manifests").elements().map {
        (item) throws(ReportDecodingError) in try item.string()
      },
      toolVersion: try root.member("toolVersion").string(),
      startedAt: try root.member("startedAt").string(),
      finishedAt: try root.member("finishedAt").string(),
      durationMilliseconds: try root.member("durationMs").milliseconds(),
      limits: try Limits(json: root.member("limits")),
      discover: try root.member("discover").elements().map {
        (item) throws(ReportDecodingError) in
        try item.oneOf(DiscoveryKind.allCases)
      },
      stoppedBy: try root.optionalMember("stoppedBy")?.oneOf(
        [CancellationReason.jobTimeout, .interrupted]),
      servers: try root.member("servers").elements().map {
        (item) throws(ReportDecodingError) in try ServerRecord(json: item)
      })
    schemaVersion = version
    try readAudit(root)
  }

  /// The audit members (and the shard), which older reports lack.
  private mutating func readAudit(_ root: Located) throws(ReportDecodingError) {
    shard = try root.optionalMember("shard").map {
      (item) throws(ReportDecodingError) in
      Shard(
        index: try item.member("index").integer(),
        count: try item.member("count").integer())
    }
    suppressions = try root.optionalMember("suppressions")?.elements().map {
      (item) throws(ReportDecodingError) in try Suppression(json: item)
    } ?? []
    findings = try root.optionalMember("findings")?.elements().map {
      (item) throws(ReportDecodingError) in try Finding(json: item)
    } ?? []
    drift = try root.optionalMember("drift").map {
      (item) throws(ReportDecodingError) in try Drift(json: item)
    }
  }
}

extension ReportSummary {
  func jsonValue() -> JSONValue {
    .object([
      "servers": .integer(total), "ok": .integer(ok),
      "partial": .integer(partial), "failed": .integer(failed),
      "skipped": .integer(skipped), "tools": .integer(tools),
      "resources": .integer(resources),
      "resourceTemplates": .integer(resourceTemplates),
      "prompts": .integer(prompts),
    ])
  }
}

extension Limits {
  func jsonValue() -> JSONValue {
    .object([
      "concurrency": .integer(concurrency),
      "timeoutMs": .milliseconds(timeout),
      "startupTimeoutMs": .milliseconds(startupTimeout),
      "retries": .integer(retries),
      "retryDelayMs": .milliseconds(retryDelay),
      "jobTimeoutMs": .milliseconds(jobTimeout),
      "maxMessageBytes": .integer(maxMessage),
    ])
  }

  fileprivate init(json: Located) throws(ReportDecodingError) {
    self.init(
      concurrency: try json.member("concurrency").integer(),
      timeout: try json.member("timeoutMs").duration(),
      startupTimeout: try json.member("startupTimeoutMs").duration(),
      retries: try json.member("retries").integer(),
      retryDelay: try json.member("retryDelayMs").duration(),
      jobTimeout: try json.member("jobTimeoutMs").duration(),
      maxMessage: try json.member("maxMessageBytes").integer())
  }
}

extension ServerRecord {
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("name", .string(name))
    object.add("description", description.map(JSONValue.string))
    object.add("tags", .array(tags.map(JSONValue.string)))
    object.add("transport", .string(transport))
    object.add("target", .string(target))
    object.add("finalUrl", finalURL.map(JSONValue.string))
    object.add("manifestLine", .integer(mark.line))
    object.add("manifestColumn", .integer(mark.column))
    object.add("status", .string(status.rawValue))
    object.add("skipReason", skipReason.map(JSONValue.string))
    object.add("attempts", .array(attempts.map { $0.jsonValue() }))
    object.add("durationMs", .milliseconds(durationMilliseconds))
    object.add("limits", limits.jsonValue())
    discovery.addMembers(to: &object)
    object.add("error", failure?.jsonValue())
    object.add("stderrTail", stderrTail.map(JSONValue.string))
    // Each item is hashed once, for both members.
    let hashes = Fingerprint.items(of: discovery)
    if status == .ok || status == .partial {
      object.add("fingerprints", fingerprintsJSON(hashes))
    }
    object.add(
      "serverFingerprint",
      Fingerprint.server(self, itemHashes: hashes).map(JSONValue.string))
    object.add("manifestFacts", manifestFacts.jsonValue())
    return .object(object)
  }

  fileprivate init(json: Located) throws(ReportDecodingError) {
    self.init(
      name: try json.member("name").string(),
      description: try json.optionalMember("description")?.string(),
      tags: try json.member("tags").elements().map {
        (item) throws(ReportDecodingError) in try item.string()
      },
      transport: try json.member("transport").string(),
      target: try json.member("target").string(),
      mark: SourceMark(
        line: try json.member("manifestLine").integer(),
        column: try json.member("manifestColumn").integer()),
      limits: try Limits(json: json.member("limits")),
      status: try json.member("status").oneOf(ServerStatus.allCases))
    finalURL = try json.optionalMember("finalUrl")?.string()
    skipReason = try json.optionalMember("skipReason")?.string()
    attempts = try json.member("attempts").elements().map {
      (item) throws(ReportDecodingError) in try AttemptRecord(json: item)
    }
    durationMilliseconds = try json.member("durationMs").milliseconds()
    discovery = try Discovery(json: json)
    failure = try json.optionalMember("error").map {
      (item) throws(ReportDecodingError) in try FailureRecord(json: item)
    }
    stderrTail = try json.optionalMember("stderrTail")?.string()
    manifestFacts = try json.optionalMember("manifestFacts").map {
      (item) throws(ReportDecodingError) in try ManifestFacts(json: item)
    } ?? ManifestFacts()
  }
}

extension Discovery {
  /// Writes what was learned into a server's object, in report order.
  func addMembers(to object: inout JSONObject) {
    object.add("protocolVersion", protocolVersion.map(JSONValue.string))
    object.add("serverInfo", serverInfo)
    object.add("capabilities", capabilities)
    object.add("instructions", instructions.map(JSONValue.string))
    object.add("initializeMs", initializeLatency.map(JSONValue.milliseconds))
    object.add("pingMs", pingLatency.map(JSONValue.milliseconds))
    for kind in DiscoveryKind.allCases {
      // Items stay text until the writer reaches them, one at a time.
      object.add(kind.resultKey, .array(items(kind).map(JSONValue.raw)))
    }
    object.add("lists", .array(lists.map(\.summaryJSON)))
    object.add("warnings", .array(warnings.map(JSONValue.string)))
  }

  /// Reads the members `addMembers(to:)` wrote; the items of each list
  /// come from the array named after its kind.
  fileprivate init(json: Located) throws(ReportDecodingError) {
    self.init()
    protocolVersion = try json.optionalMember("protocolVersion")?.string()
    serverInfo = json.rawMember("serverInfo")
    capabilities = json.rawMember("capabilities")
    instructions = try json.optionalMember("instructions")?.string()
    initializeLatency = try json.optionalMember("initializeMs")?.duration()
    pingLatency = try json.optionalMember("pingMs")?.duration()
    warnings = try json.member("warnings").elements().map {
      (item) throws(ReportDecodingError) in try item.string()
    }

    var itemsByKind: [DiscoveryKind: [JSONValue]] = [:]
    for kind in DiscoveryKind.allCases {
      itemsByKind[kind] = try json.member(kind.resultKey).array()
    }

    for entry in try json.member("lists").elements() {
      let kindField = try entry.member("kind")
      let kind = try kindField.oneOf(DiscoveryKind.allCases)
      guard !lists.contains(where: { $0.kind == kind }) else {
        throw kindField.failure("\(kind.rawValue) listed twice")
      }
      let items = itemsByKind.removeValue(forKey: kind) ?? []
      let countField = try entry.member("count")
      let count = try countField.integer()
      guard count == items.count else {
        throw countField.failure(
          "\(count) does not match the \(items.count) items in "
            + "\(json.path).\(kind.resultKey)")
      }
      lists.append(
        DiscoveredList(
          kind: kind, items: items.map(RawJSON.init),
          pages: try entry.member("pages").integer(),
          truncated: try entry.optionalMember("truncated")?.string(),
          error: try entry.optionalMember("error")?.string()))
    }

    for kind in DiscoveryKind.allCases {
      if let items = itemsByKind[kind], !items.isEmpty {
        throw ReportDecodingError(
          path: "\(json.path).\(kind.resultKey)",
          reason: "\(items.count) items but no \(kind.rawValue) entry "
            + "in lists")
      }
    }
  }
}

extension DiscoveredList {
  /// Everything but the items, which the report keeps in their own array.
  fileprivate var summaryJSON: JSONValue {
    var object = JSONObject()
    object.add("kind", .string(kind.rawValue))
    object.add("count", .integer(items.count))
    object.add("pages", .integer(pages))
    object.add("truncated", truncated.map(JSONValue.string))
    object.add("error", error.map(JSONValue.string))
    return .object(object)
  }
}

extension AttemptRecord {
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("number", .integer(number))
    object.add("durationMs", .milliseconds(durationMilliseconds))
    object.add("error", failure?.jsonValue())
    return .object(object)
  }

  fileprivate init(json: Located) throws(ReportDecodingError) {
    self.init(
      number: try json.member("number").integer(),
      durationMilliseconds: try json.member("durationMs").milliseconds(),
      failure: try json.optionalMember("error").map {
        (item) throws(ReportDecodingError) in try FailureRecord(json: item)
      })
  }
}

extension FailureRecord {
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("kind", .string(kind))
    object.add("message", .string(message))
    object.add("exitCode", exitCode.map { .integer($0) })
    object.add("signal", signal.map { .integer($0) })
    object.add("httpStatus", httpStatus.map { .integer($0) })
    object.add("challenge", challenge.map { .string($0) })
    object.add("retryable", .bool(retryable))
    return .object(object)
  }

  fileprivate init(json: Located) throws(ReportDecodingError) {
    self.init(
      kind: try json.member("kind").string(),
      message: try json.member("message").string(),
      exitCode: try json.optionalMember("exitCode")?.int32(),
      signal: try json.optionalMember("signal")?.int32(),
      httpStatus: try json.optionalMember("httpStatus")?.integer(),
      challenge: try json.optionalMember("challenge")?.string(),
      retryable: try json.member("retryable").bool())
  }
}

extension JSONValue {
  /// Milliseconds with at most three decimals, trailing zeros dropped.
  static func milliseconds(_ value: Double) -> JSONValue {
    guard value.isFinite, abs(value) < 9e12 else { return .double(value) }
    return .microseconds(Int64((value * 1000).rounded()))
  }

  static func milliseconds(_ duration: Duration) -> JSONValue {
    let (seconds, attoseconds) = duration.components
    let (whole, overflow) = seconds.multipliedReportingOverflow(
      by: 1_000_000)
    guard !overflow else { return .double(duration.milliseconds) }
    let fraction = Double(attoseconds) / 1e12
    return .microseconds(whole + Int64(fraction.rounded()))
  }

  private static func microseconds(_ value: Int64) -> JSONValue {
    let sign = value < 0 ? "-" : ""
    let magnitude = value.magnitude
    var text = sign + String(magnitude / 1000)
    var fraction = magnitude % 1000
    guard fraction != 0 else { return .number(text) }
    var digits = 3
    while fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    let padded = String(fraction)
    text += "." + String(repeating: "0", count: digits - padded.count)
    return .number(text + padded)
  }
}

/// A value and its path in the document, so every error can say where.
struct Located {
  let value: JSONValue
  let path: String

  init(_ value: JSONValue, path: String) {
    self.value = value
    self.path = path
  }

  func failure(_ reason: String) -> ReportDecodingError {
    ReportDecodingError(path: path, reason: reason)
  }

  /// The failure for a value of the wrong kind: `expected a string,
  /// found a number`.
  func mismatch(_ expected: String) -> ReportDecodingError {
    var found = value.typeDescription
    if case .string(let text) = value {
      let shown = UntrustedText.truncated(text, limit: 40)
      found += " \"\(UntrustedText.terminalSafe(shown))\""
    } else if case .number(let text) = value {
      found += " \(text)"
    }
    return failure("expected \(expected), found \(found)")
  }

  private func childPath(_ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
  }

  /// A member that must be there.
  func member(_ key: String) throws(ReportDecodingError) -> Located {
    guard case .object(let object) = value else {
      throw mismatch("an object")
    }
    guard let member = object[key] else {
      throw ReportDecodingError(path: childPath(key), reason: "missing")
    }
    return Located(member, path: childPath(key))
  }

  /// A member that may be left out; `null` counts as left out.
  func optionalMember(_ key: String) -> Located? {
    guard let member = value[key], member != .null else { return nil }
    return Located(member, path: childPath(key))
  }

  /// A member kept as it is, `null` included.
  func rawMember(_ key: String) -> JSONValue? {
    value[key]
  }

  func string() throws(ReportDecodingError) -> String {
    guard let text = value.stringValue else { throw mismatch("a string") }
    return text
  }

  func bool() throws(ReportDecodingError) -> Bool {
    guard let flag = value.boolValue else { throw mismatch("a boolean") }
    return flag
  }

  func integer() throws(ReportDecodingError) -> Int {
    guard let number = value.intValue else { throw mismatch("an integer") }
    return number
  }

  func int32() throws(ReportDecodingError) -> Int32 {
    guard let number = value.intValue.flatMap(Int32.init(exactly:)) else {
      throw mismatch("a 32-bit integer")
    }
    return number
  }

  func milliseconds() throws(ReportDecodingError) -> Double {
    guard let number = value.doubleValue, number.isFinite else {
      throw mismatch("a number of milliseconds")
    }
    return number
  }

  func duration() throws(ReportDecodingError) -> Duration {
    let number = try milliseconds()
    guard number >= 0, number < 9e12 else {
      throw mismatch("a duration in milliseconds")
    }
    return .microseconds(Int64((number * 1000).rounded()))
  }

  func array() throws(ReportDecodingError) -> [JSONValue] {
    guard let elements = value.arrayValue else { throw mismatch("an array") }
    return elements
  }

  func elements() throws(ReportDecodingError) -> [Located] {
    try array().enumerated().map {
      Located($0.element, path: "\(path)[\($0.offset)]")
    }
  }

  func oneOf<Choice: RawRepresentable>(
    _ choices: some Collection<Choice>
  ) throws(ReportDecodingError) -> Choice where Choice.RawValue == String {
    if let text = value.stringValue, let choice = Choice(rawValue: text),
      choices.contains(where: { $0.rawValue == text })
    {
      return choice
    }
    let names = choices.map(\.rawValue).joined(separator: ", ")
    throw mismatch("one of \(names)")
  }
}
