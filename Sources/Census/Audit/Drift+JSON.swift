extension Drift {
  /// The `drift` member of the report and the output of `diff --format
  /// json`.
  public func jsonValue() -> JSONValue {
    .object([
      "baseline": .object([
        "job": .string(baseline.job), "startedAt": .string(baseline.startedAt),
      ]),
      "changed": .bool(!isEmpty),
      "serversAdded": .array(serversAdded.map(JSONValue.string)),
      "serversRemoved": .array(serversRemoved.map(JSONValue.string)),
      "servers": .array(servers.map { $0.jsonValue() }),
    ])
  }

  init(json: Located) throws(ReportDecodingError) {
    let baseline = try json.member("baseline")
    self.init(baseline: BaselineReference(
      job: try baseline.member("job").string(),
      startedAt: try baseline.member("startedAt").string()))
    serversAdded = try json.member("serversAdded").strings()
    serversRemoved = try json.member("serversRemoved").strings()
    servers = try json.member("servers").elements().map {
      (item) throws(ReportDecodingError) in try ServerDrift(json: item)
    }
  }
}

extension ServerDrift {
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("name", .string(name))
    object.add("availability", availability.map { .string($0.rawValue) })
    object.add("oldStatus", oldStatus.map { .string($0.rawValue) })
    object.add("newStatus", newStatus.map { .string($0.rawValue) })
    object.add("serverInfo", serverInfo?.jsonValue())
    object.add("protocolVersion", protocolVersion?.jsonValue())
    object.add("added", .array(added.map { $0.jsonValue() }))
    object.add("removed", .array(removed.map { $0.jsonValue() }))
    object.add("changed", .array(changed.map { $0.jsonValue() }))
    return .object(object)
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(name: try json.member("name").string())
    availability = try json.optionalMember("availability")?.oneOf(
      Availability.allCases)
    oldStatus = try json.optionalMember("oldStatus")?.oneOf(ServerStatus.allCases)
    newStatus = try json.optionalMember("newStatus")?.oneOf(ServerStatus.allCases)
    serverInfo = try json.optionalMember("serverInfo").map {
      (item) throws(ReportDecodingError) in try ValueChange(json: item)
    }
    protocolVersion = try json.optionalMember("protocolVersion").map {
      (item) throws(ReportDecodingError) in try ValueChange(json: item)
    }
    added = try json.member("added").elements().map {
      (item) throws(ReportDecodingError) in try ItemReference(json: item)
    }
    removed = try json.member("removed").elements().map {
      (item) throws(ReportDecodingError) in try ItemReference(json: item)
    }
    changed = try json.member("changed").elements().map {
      (item) throws(ReportDecodingError) in try ItemChange(json: item)
    }
  }
}

extension ValueChange {
  func jsonValue() -> JSONValue {
    .object([
      "old": old.map(JSONValue.string) ?? .null,
      "new": new.map(JSONValue.string) ?? .null,
    ])
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(
      old: try json.optionalMember("old")?.string(),
      new: try json.optionalMember("new")?.string())
  }
}

extension ItemChange {
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("kind", .string(item.kind.rawValue))
    object.add("name", .string(item.name))
    object.add("aspects", .array(aspects.map { .string($0.rawValue) }))
    object.add("oldDescription", oldDescription.map(JSONValue.string))
    object.add("newDescription", newDescription.map(JSONValue.string))
    return .object(object)
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(
      item: try ItemReference(json: json),
      aspects: try json.member("aspects").elements().map {
        (item) throws(ReportDecodingError) in try item.oneOf(Aspect.allCases)
      },
      oldDescription: try json.optionalMember("oldDescription")?.string(),
      newDescription: try json.optionalMember("newDescription")?.string())
  }
}

extension Located {
  /// An array of strings.
  func strings() throws(ReportDecodingError) -> [String] {
    try elements().map { (item) throws(ReportDecodingError) in try item.string() }
  }
}
