/// A client's server entry converted for the manifest, or the reason it
/// could not be.
struct ImportedServer {
  enum Endpoint {
    case stdio(
      command: String, args: [String], env: [(String, String)], cwd: String?)
    /// `transport` is `streamable-http`, `sse` or `auto`.
    case http(url: String, transport: String, headers: [(String, String)])
  }

  /// The name the client gave it.
  var originalName: String
  /// Unique and valid in the manifest; set when the manifest is built.
  var name: String
  var client: String
  var location: String
  var endpoint: Endpoint?
  /// Why it could not be converted, when `endpoint` is nil.
  var problem: String?
  var enabled = true
  /// Keys the manifest has no place for, said in the output.
  var dropped: [String] = []
}

/// Converts client entries, moving literal secrets into variables.
struct EntryConverter {
  var variables = ImportVariables()

  /// Keys every client format may use that the converter reads or knows
  /// to be harmless to leave out.
  static let readKeys: Set<String> = [
    "command", "args", "env", "cwd", "url", "serverUrl", "httpUrl", "type",
    "transport", "headers", "disabled", "enabled",
  ]
  static let ignoredKeys: Set<String> = [
    "description", "timeout", "trust", "autoApprove", "alwaysAllow",
    "includeTools", "excludeTools", "gallery", "version", "dev",
  ]

  mutating func convert(_ entry: ClientEntry) -> ImportedServer {
    var server = ImportedServer(
      originalName: entry.name, name: entry.name, client: entry.client,
      location: entry.location)
    guard let object = entry.value.objectValue else {
      server.problem = "the entry is \(entry.value.typeDescription), not an object"
      return server
    }
    server.dropped = object.keys.filter {
      !Self.readKeys.contains($0) && !Self.ignoredKeys.contains($0)
    }
    if object["disabled"]?.boolValue == true
      || object["enabled"]?.boolValue == false
    {
      server.enabled = false
    }
    do {
      server.endpoint = try endpoint(object, entry: entry)
    } catch {
      server.problem = error.message
    }
    return server
  }

  private mutating func endpoint(
    _ object: JSONObject, entry: ClientEntry
  ) throws(UsageError) -> ImportedServer.Endpoint {
    let type = (object["type"] ?? object["transport"])?.stringValue?.lowercased()
    let rewriter = ReferenceRewriter(inputs: entry.inputs, context: entry.location)
    if let command = object["command"] {
      guard let text = command.stringValue, !text.isEmpty else {
        throw UsageError("'command' is not a non-empty string")
      }
      if let type, type != "stdio" {
        throw UsageError("'command' with type '\(type)' is contradictory")
      }
      return try stdio(text, object, entry: entry, rewriter: rewriter)
    }
    let urlKeys = ["url", "serverUrl", "httpUrl"]
    guard let key = urlKeys.first(where: { object[$0] != nil }) else {
      throw UsageError("neither 'command' nor a url ('url', 'serverUrl', 'httpUrl')")
    }
    guard let url = object[key]?.stringValue else {
      throw UsageError("'\(key)' is not a string")
    }
    let lower = url.lowercased()
    guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
      throw UsageError(
        "'\(key)' is not an http(s) url; only stdio and HTTP servers can be run")
    }
    let transport: String
    switch (key, type) {
    case ("httpUrl", _), (_, "http"?), (_, "streamable-http"?),
      (_, "streamablehttp"?):
      transport = "streamable-http"
    case (_, "sse"?):
      transport = "sse"
    case (_, nil):
      transport = "auto"
    case (_, let other?):
      throw UsageError("transport type '\(other)' is not one mcp-census speaks")
    }
    var headers: [(String, String)] = []
    for (name, value) in try strings(object["headers"], what: "headers") {
      headers.append((name, header(
        name, value, server: entry.name, rewriter: rewriter)))
    }
    let rewritten = movingCredentials(
      CredentialFinder.inText(url), out: url, location: "url",
      server: entry.name, rewriter: rewriter)
    return .http(url: rewritten, transport: transport, headers: headers)
  }

  private mutating func stdio(
    _ command: String, _ object: JSONObject, entry: ClientEntry,
    rewriter: ReferenceRewriter
  ) throws(UsageError) -> ImportedServer.Endpoint {
    var texts: [String] = []
    if let list = object["args"] {
      guard let items = list.arrayValue else {
        throw UsageError("'args' is not a list")
      }
      for (index, item) in items.enumerated() {
        guard let text = scalarText(item) else {
          throw UsageError("args[\(index)] is \(item.typeDescription)")
        }
        texts.append(text)
      }
    }
    let credentials = CredentialFinder.inArguments(texts)
    var args: [String] = []
    for (index, text) in texts.enumerated() {
      args.append(movingCredentials(
        credentials.filter { $0.index == index }, out: text,
        location: "args[\(index)]", server: entry.name, rewriter: rewriter))
    }
    var env: [(String, String)] = []
    for (name, value) in try strings(object["env"], what: "env") {
      env.append((name, environment(
        name, value, server: entry.name, rewriter: rewriter)))
    }
    let cwd = object["cwd"]?.stringValue.map {
      rewriter.rewrite($0, variables: &variables).text
    }
    let program = rewriter.rewrite(command, variables: &variables).text
    return .stdio(command: program, args: args, env: env, cwd: cwd)
  }

  /// An env value: references rewritten; a literal secret replaced by a
  /// variable named after the key (or the server and the key), and so is
  /// the password or credential query value of a url in it.
  private mutating func environment(
    _ name: String, _ value: String, server: String,
    rewriter: ReferenceRewriter
  ) -> String {
    let referenced = rewriter.rewrite(value, variables: &variables).referenced
    let secret = CredentialName.isCredential(name)
      || SecretShape.hint(value, namedAsSecret: false) != nil
    guard !referenced, secret, !value.isEmpty else {
      // A url in it may still hold a password: `DATABASE_URL`.
      return movingCredentials(
        CredentialFinder.inText(value), out: value, location: "env.\(name)",
        server: server, rewriter: rewriter)
    }
    let fallback = ImportVariables.name(server, name)
    let preferred = ImportVariables.isVariableName(name) ? name : fallback
    let variable = variables.variable(
      forSecret: value, preferred: preferred, fallback: fallback,
      reason: "\(rewriter.context): env.\(name) (a literal secret, not copied)")
    return "${\(variable)}"
  }

  /// A header value: a literal credential (by the header's name or the
  /// value's shape) moves to a variable, keeping an `Authorization`
  /// scheme word; `Content-Type` and the like are copied.
  private mutating func header(
    _ name: String, _ value: String, server: String,
    rewriter: ReferenceRewriter
  ) -> String {
    let (text, referenced) = rewriter.rewrite(value, variables: &variables)
    let secret = CredentialName.isCredential(name)
      || SecretShape.hint(value, namedAsSecret: false) != nil
    guard !referenced, secret, !value.isEmpty else { return text }
    var scheme = ""
    var credential = value
    if let (word, rest) = SecretShape.scheme(of: value[...]) {
      scheme = String(value.prefix(word.count))
      credential = String(rest)
    }
    let fallback = ImportVariables.name(server, name)
    let variable = variables.variable(
      forSecret: credential, preferred: fallback, fallback: fallback,
      reason: "\(rewriter.context): headers.\(name) (a literal secret, not copied)")
    return scheme + "${\(variable)}"
  }

  /// A `{name: string}` object; numbers and booleans are taken as text.
  private func strings(
    _ value: JSONValue?, what: String
  ) throws(UsageError) -> [(String, String)] {
    guard let value, value != .null else { return [] }
    guard let object = value.objectValue else {
      throw UsageError("'\(what)' is not an object")
    }
    var pairs: [(String, String)] = []
    for member in object.members {
      guard let text = scalarText(member.value) else {
        throw UsageError(
          "\(what).\(member.key) is \(member.value.typeDescription), not text")
      }
      pairs.append((member.key, text))
    }
    return pairs
  }

  private func scalarText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): return text
    case .number(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    default: return nil
    }
  }
}

extension String {
  /// The text with every `$` doubled, as the manifest reads it literally.
  func replacingDollars() -> String {
    var result = ""
    for character in self {
      result.append(character)
      if character == "$" { result.append("$") }
    }
    return result
  }
}
