extension Finding {
  /// `{code, severity, server, item: {kind, name}, message, evidence,
  /// suppressed, suppressionReason}`.
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("code", .string(code))
    object.add("severity", .string(severity.rawValue))
    object.add("server", .string(server))
    object.add("item", item?.jsonValue())
    object.add("message", .string(message))
    object.add("evidence", evidence.map(JSONValue.string))
    object.add("suppressed", .bool(isSuppressed))
    object.add("suppressionReason", suppression.map(JSONValue.string))
    return .object(object)
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(
      code: try json.member("code").string(),
      severity: try json.member("severity").oneOf(Severity.allCases),
      server: try json.member("server").string(),
      item: try json.optionalMember("item").map {
        (item) throws(ReportDecodingError) in try ItemReference(json: item)
      },
      message: try json.member("message").string(),
      evidence: try json.optionalMember("evidence")?.string())
    suppression = try json.optionalMember("suppressionReason")?.string()
  }
}

extension ItemReference {
  func jsonValue() -> JSONValue {
    .object(["kind": .string(kind.rawValue), "name": .string(name)])
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(
      kind: try json.member("kind").oneOf(DiscoveryKind.allCases),
      name: try json.member("name").string())
  }
}

extension Suppression {
  func jsonValue() -> JSONValue {
    var object = JSONObject()
    object.add("code", .string(code))
    object.add("server", .string(server))
    object.add("item", item.map(JSONValue.string))
    object.add("reason", .string(reason))
    return .object(object)
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(
      code: try json.member("code").string(),
      server: try json.member("server").string(),
      item: try json.optionalMember("item")?.string(),
      reason: try json.member("reason").string())
  }
}

extension ManifestFacts {
  func jsonValue() -> JSONValue {
    .object([
      "plaintextHttp": .bool(plaintextHTTP),
      "literalSecrets": .array(literalSecrets.map { secret in
        .object([
          "location": .string(secret.location), "hint": .string(secret.hint),
        ])
      }),
    ])
  }

  init(json: Located) throws(ReportDecodingError) {
    self.init(
      plaintextHTTP: try json.member("plaintextHttp").bool(),
      literalSecrets: try json.member("literalSecrets").elements().map {
        (item) throws(ReportDecodingError) in
        LiteralSecret(
          location: try item.member("location").string(),
          hint: try item.member("hint").string())
      })
  }
}
