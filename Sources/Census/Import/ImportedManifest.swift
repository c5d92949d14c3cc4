/// The manifest `import` writes: the converted servers under unique,
/// valid names, headed by comments that say where they came from and
/// which entries could not be converted.
struct ImportedManifest {
  var job: String
  var sources: [String]
  var servers: [ImportedServer]

  /// Gives every server a name the manifest accepts, unique in the job:
  /// characters outside `[A-Za-z0-9._-]` become `-`, and a repeated name
  /// gets `-2`, `-3`, ...
  static func uniquelyNamed(_ servers: [ImportedServer]) -> [ImportedServer] {
    var taken: Set<String> = []
    return servers.map { server in
      var server = server
      let base = validName(server.originalName)
      var name = base
      var number = 2
      while taken.contains(name) {
        name = "\(base)-\(number)"
        number += 1
      }
      taken.insert(name)
      server.name = name
      return server
    }
  }

  static func validName(_ text: String) -> String {
    var result = ""
    for character in text {
      let keep = character.isASCII
        && (character.isLetter || character.isNumber || "._-".contains(character))
      if keep {
        result.append(character)
      } else if !result.hasSuffix("-") {
        result.append("-")
      }
    }
    let trimmed = result.trimmingCharacters(in: "-")
    return trimmed.isEmpty ? "server" : trimmed
  }

  /// The manifest's YAML text.
  func text() throws(YAMLEmitterError) -> String {
    let converted = servers.filter { $0.endpoint != nil }
    let document = YAMLOutput.mapping([
      ("version", .plain("1")),
      ("job", .string(job)),
      ("description", .string("Imported from MCP client configurations")),
      ("servers", .sequence(converted.map(entry))),
    ])
    return header() + (try YAMLEmitter.text(document))
  }

  private func header() -> String {
    var lines = ["# Written by mcp-census import from:"]
    lines += sources.map { "#   \(Self.commentSafe($0))" }
    for server in servers {
      let origin = "\(server.name): \(server.location)"
      if let problem = server.problem {
        lines.append(
          "# NOT IMPORTED \(Self.commentSafe(server.location)): "
            + Self.commentSafe(problem))
      } else if !server.dropped.isEmpty {
        lines.append(
          "# \(Self.commentSafe(origin)): left out "
            + Self.commentSafe(server.dropped.joined(separator: ", ")))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func entry(_ server: ImportedServer) -> YAMLOutput {
    var pairs: [(String, YAMLOutput)] = [("name", .string(server.name))]
    switch server.endpoint {
    case .stdio(let command, let args, let env, let cwd)?:
      pairs.append(("command", .string(command)))
      if !args.isEmpty {
        pairs.append(("args", .flowSequence(args.map(YAMLOutput.string))))
      }
      if !env.isEmpty {
        pairs.append(("env", .mapping(env.map { ($0.0, .string($0.1)) })))
      }
      if let cwd { pairs.append(("cwd", .string(cwd))) }
    case .http(let url, let transport, let headers)?:
      pairs.append(("url", .string(url)))
      if transport != "streamable-http" {
        pairs.append(("transport", .string(transport)))
      }
      if !headers.isEmpty {
        pairs.append(("headers", .mapping(headers.map { ($0.0, .string($0.1)) })))
      }
    case nil:
      break
    }
    pairs.append(("tags", .flowSequence([.string(server.client)])))
    if !server.enabled { pairs.append(("enabled", .plain("false"))) }
    return .mapping(pairs)
  }

  /// Text for a `#` comment: no line breaks or control characters.
  static func commentSafe(_ text: String) -> String {
    String(text.unicodeScalars.map { scalar -> Character in
      let control = scalar.isControlCharacter
        || scalar.value == 0x2028 || scalar.value == 0x2029
      return control ? " " : Character(scalar)
    })
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var text = Substring(self)
    while let first = text.first, set.contains(first) { text = text.dropFirst() }
    while let last = text.last, set.contains(last) { text = text.dropLast() }
    return String(text)
  }
}
