/// The `servers` list: one `ServerSpec` per entry, names unique, each with
/// exactly one of `command` and `url` and only the keys that fit it.
///
/// A per-server `concurrency` is refused: concurrency counts servers in
/// flight, so only the job-wide value under `limits` means anything.
extension ManifestDecoder {
  static let serverKeys = [
    "name", "command", "args", "env", "cwd", "url", "transport", "headers",
    "tags", "enabled", "inherit_env", "description",
  ] + limitKeys

  private static let stdioKeys = ["args", "env", "cwd", "inherit_env"]
  private static let httpKeys = ["headers"]

  /// The transport names a manifest may write.
  private enum TransportName: String, CaseIterable {
    case stdio
    case streamableHTTP = "streamable-http"
    case sse
    case auto
  }

  mutating func decodeServers(
    _ fields: ManifestFields, limits: Limits
  ) -> [ServerSpec]? {
    guard let node = fields["servers"] else {
      report("missing required key 'servers' (list at least one server)",
        at: fields.mark)
      return nil
    }
    guard let entries = items(node, example: "[{name: ..., command: ...}]")
    else { return nil }
    guard !entries.isEmpty else {
      report("no servers: list at least one under 'servers'", at: node.mark)
      return nil
    }

    var servers: [ServerSpec] = []
    var firstLines: [String: Int] = [:]
    for entry in entries {
      // An entry with other errors still claims its name, so that one
      // validate run reports a duplicate of it too.
      let (server, named) = decodeServer(entry, limits: limits)
      guard let (name, nameNode) = named else { continue }
      if let line = firstLines[name] {
        report(
          "duplicate server name '\(shown(nameNode))' "
            + "(first used at line \(line))",
          at: nameNode.mark)
        continue
      }
      firstLines[name] = nameNode.mark.line
      if let server { servers.append(server) }
    }
    return servers
  }

  /// The server an entry describes, nil when anything is wrong with it,
  /// and its name (with the node that gives it) whenever that was read.
  private mutating func decodeServer(
    _ entry: YAMLNode, limits: Limits
  ) -> (ServerSpec?, (String, YAMLNode)?) {
    guard entry.scalar?.isNull != true else {
      report("expected a server mapping, found nothing", at: entry.mark)
      return (nil, nil)
    }
    concealCredentials(inServer: entry)
    let fields = fields(
      of: entry, known: Self.serverKeys, what: "a server mapping",
      hint: { key in
        key == "limits" ? "write limits such as 'timeout' directly" : nil
      })
    guard let fields else { return (nil, nil) }

    let nameNode = fields["name"]
    let name = nameNode.flatMap {
      string($0, references: .refused(key: "name"))
    }
    if nameNode == nil {
      report("server is missing 'name'", at: entry.mark)
    }
    let label = nameNode.map { "server '\(shown($0))'" } ?? "this server"
    if let mark = fields.keyMark("concurrency") {
      report(
        "'concurrency' counts servers in flight, so it is set for the "
          + "whole job under 'limits', not per server",
        at: mark)
    }
    let serverLimits = limitOverrides(fields).applied(to: limits)
    let description = fields["description"].flatMap {
      string($0, references: .refused(key: "description"))
    }
    let tags = fields["tags"].flatMap {
      strings($0, example: "[core]", references: .refused(key: "tags"))
    } ?? []
    let enabled = fields["enabled"].flatMap { boolean($0) } ?? true
    let endpoint = decodeEndpoint(fields, label: label)

    guard let name, let nameNode else { return (nil, nil) }
    guard let endpoint else { return (nil, (name, nameNode)) }
    let server = ServerSpec(
      name: name, description: description, endpoint: endpoint, tags: tags,
      enabled: enabled, limits: serverLimits, mark: entry.mark)
    return (server, (name, nameNode))
  }

  private mutating func decodeEndpoint(
    _ fields: ManifestFields, label: String
  ) -> ServerEndpoint? {
    let command = fields["command"]
    let url = fields["url"]
    let transport = fields["transport"].flatMap {
      choice($0, "transport", as: TransportName.self)
    }

    switch (command, url) {
    case (nil, nil):
      report(
        "\(label) needs 'command' (a program to start) "
          + "or 'url' (an HTTP endpoint)",
        at: fields.mark)
      return nil
    case (.some, .some):
      report(
        "\(label) has both 'command' and 'url'; give exactly one",
        at: fields.keyMark("url") ?? fields.mark)
      return nil
    case (.some(let command), nil):
      if let transport, transport != .stdio, let node = fields["transport"] {
        report(
          "transport '\(transport.rawValue)' needs a 'url', "
            + "but \(label) has a 'command'",
          at: node.mark)
      }
      rejectKeys(Self.httpKeys, in: fields, needing: "url")
      return decodeLaunch(command, fields).map { .stdio($0) }
    case (nil, .some(let url)):
      if transport == .stdio, let node = fields["transport"] {
        report(
          "transport 'stdio' needs a 'command', but \(label) has a 'url'",
          at: node.mark)
      }
      rejectKeys(Self.stdioKeys, in: fields, needing: "command")
      let kind = transport.flatMap { HTTPTransportKind(rawValue: $0.rawValue) }
      return decodeHTTP(url, kind: kind ?? .streamableHTTP, fields)
    }
  }

  private mutating func rejectKeys(
    _ keys: [String], in fields: ManifestFields, needing other: String
  ) {
    for key in keys {
      guard let mark = fields.keyMark(key) else { continue }
      report("'\(key)' applies only to servers with a '\(other)'", at: mark)
    }
  }

  private mutating func decodeLaunch(
    _ commandNode: YAMLNode, _ fields: ManifestFields
  ) -> StdioLaunch? {
    let command = string(commandNode)
    let args = fields["args"].flatMap {
      strings($0, example: "[--port, 8080]")
    }
    let env = fields["env"].flatMap {
      stringMap($0, what: "environment variable") { name in
        !name.isEmpty && !name.contains("=") && !name.contains("\0")
      }
    }
    let cwd = fields["cwd"].flatMap { string($0) }
    let inheritEnv = fields["inherit_env"].flatMap { boolean($0) }

    guard let command else { return nil }
    let resolved = command.contains("/")
      ? ManifestPaths.resolve(command, against: folder) : command
    return StdioLaunch(
      command: resolved, args: args ?? [], env: env ?? [:],
      cwd: ManifestPaths.resolve(cwd ?? ".", against: folder),
      inheritEnv: inheritEnv ?? false)
  }

  private mutating func decodeHTTP(
    _ urlNode: YAMLNode, kind: HTTPTransportKind, _ fields: ManifestFields
  ) -> ServerEndpoint? {
    let url = string(urlNode)
    let headers = fields["headers"].flatMap { decodeHeaders($0) }
    guard let url else { return nil }
    let literal = urlNode.scalar?.value == url
    if let problem = EndpointURL.problem(url, literal: literal) {
      let expanded = literal ? "" : "after ${...} expansion, "
      report(expanded + problem, at: urlNode.mark)
      return nil
    }
    return .http(url: url, transport: kind, headers: headers ?? [:])
  }

  /// The `headers` mapping: every name an HTTP token, every value free of
  /// CR, LF and the other control characters that would let it end its
  /// line and add headers of its own. Values are secrets, never quoted.
  private mutating func decodeHeaders(_ node: YAMLNode) -> [String: String]? {
    guard case .mapping(let pairs) = node.content else {
      return stringMap(node, what: "header", isValidName: HTTPHeaderField.isName)
    }
    let headers = stringMap(
      node, what: "header", isValidName: HTTPHeaderField.isName)

    var failed = false
    for pair in pairs {
      guard let name = pair.keyText, let scalar = pair.value.scalar else { continue }
      let written = HTTPHeaderField.isValue(scalar.value)
      guard !written || headers?[name].map(HTTPHeaderField.isValue) == false
      else { continue }
      let source = written ? "its value after ${...} expansion holds" : "its value holds"
      report(
        "header '\(Quoting.short(name))': \(source) a line break or another "
          + "control character, which would end the header and start others; "
          + "write the value on one line, without control characters",
        at: pair.value.mark)
      failed = true
    }
    return failed ? nil : headers
  }
}
