/// One piece of server text a check reads, and where it came from.
struct AuditText {
  var item: ItemReference?
  /// Where in the item: `description`, `inputSchema property 'path'
  /// description`, `instructions`, ...
  var place: String
  var text: String

  /// `tool 'echo' description`, for messages.
  var label: String {
    item.map { "\($0.label) \(place)" } ?? "server \(place)"
  }
}

extension ServerRecord {
  /// Every description a model reads: instructions, item descriptions,
  /// prompt argument descriptions and schema property descriptions at
  /// any depth. Each item is read only while `body` sees its texts, and
  /// only the items `include` lets through are read at all.
  func forEachDescription(
    of include: (RawJSON) -> Bool = { _ in true }, _ body: (AuditText) -> Void
  ) {
    if let instructions = discovery.instructions {
      body(AuditText(place: "instructions", text: instructions))
    }
    forEachItem(of: include) { kind, item, reference in
      if let text = item["description"]?.stringValue {
        body(AuditText(item: reference, place: "description", text: text))
      }
      for argument in item["arguments"]?.arrayValue ?? [] {
        guard let text = argument["description"]?.stringValue else { continue }
        let name = argument["name"]?.stringValue ?? "?"
        body(AuditText(
          item: reference, place: "argument '\(name)' description", text: text))
      }
      for key in ["inputSchema", "outputSchema"] {
        guard let schema = item[key] else { continue }
        SchemaWalk.descriptions(schema, path: "") { path, text in
          body(AuditText(
            item: reference, place: "\(key) \(path) description", text: text))
        }
      }
    }
  }

  /// Every name and title: the server's own (`serverInfo` name, title
  /// and version), then those of the items `include` lets through, their
  /// prompt arguments and schema properties.
  func forEachName(
    of include: (RawJSON) -> Bool = { _ in true }, _ body: (AuditText) -> Void
  ) {
    for key in ["name", "title", "version"] {
      guard let text = discovery.serverInfo?[key]?.stringValue else { continue }
      body(AuditText(place: "serverInfo \(key)", text: text))
    }
    forEachItem(of: include) { kind, item, reference in
      body(AuditText(item: reference, place: "name", text: reference.name))
      if let title = item["title"]?.stringValue {
        body(AuditText(item: reference, place: "title", text: title))
      }
      for argument in item["arguments"]?.arrayValue ?? [] {
        guard let name = argument["name"]?.stringValue else { continue }
        body(AuditText(item: reference, place: "argument name", text: name))
      }
      if let schema = item["inputSchema"] {
        SchemaWalk.propertyNames(schema) { name in
          body(AuditText(
            item: reference, place: "inputSchema property name", text: name))
        }
      }
    }
  }

  /// Calls `body` for each item of each list that `include` lets
  /// through, read, with its reference.
  func forEachItem(
    of include: (RawJSON) -> Bool = { _ in true },
    _ body: (DiscoveryKind, JSONValue, ItemReference) -> Void
  ) {
    for list in discovery.lists {
      for (position, item) in list.items.enumerated() where include(item) {
        let value = item.value
        let name = Fingerprint.name(
          Fingerprint.identifier(value, kind: list.kind), position: position)
        body(list.kind, value, ItemReference(kind: list.kind, name: name))
      }
    }
  }
}

/// Walks a JSON Schema through the keywords that nest schemas.
enum SchemaWalk {
  private static let nestedLists = ["anyOf", "oneOf", "allOf", "prefixItems"]
  private static let nestedSingles = [
    "items", "additionalProperties", "not", "if", "then", "else",
  ]
  private static let nestedMaps = ["properties", "$defs", "definitions",
    "patternProperties"]
  /// Deeper than this is not walked: a hostile schema may nest forever.
  private static let depthLimit = 32

  /// Each `description` below the top, with a path such as `property
  /// 'path'`; the schema's own description at the top is skipped (the
  /// item's description covers the tool).
  static func descriptions(
    _ schema: JSONValue, path: String, depth: Int = 0,
    _ body: (String, String) -> Void
  ) {
    guard depth < depthLimit, let object = schema.objectValue else { return }
    if depth > 0, let text = object["description"]?.stringValue {
      body(path, text)
    }
    forEachChild(object) { child, step in
      let next = path.isEmpty ? step : "\(path) \(step)"
      descriptions(child, path: next, depth: depth + 1, body)
    }
  }

  /// Every property name at any depth.
  static func propertyNames(
    _ schema: JSONValue, depth: Int = 0, _ body: (String) -> Void
  ) {
    guard depth < depthLimit, let object = schema.objectValue else { return }
    for name in object["properties"]?.objectValue?.keys ?? [] { body(name) }
    forEachChild(object) { child, _ in
      propertyNames(child, depth: depth + 1, body)
    }
  }

  private static func forEachChild(
    _ object: JSONObject, _ body: (JSONValue, String) -> Void
  ) {
    for key in nestedMaps {
      for member in object[key]?.objectValue?.members ?? [] {
        let step = key == "properties"
          ? "property '\(member.key)'" : "\(key) '\(member.key)'"
        body(member.value, step)
      }
    }
    for key in nestedSingles {
      if let child = object[key] { body(child, key) }
    }
    for key in nestedLists {
      for (index, child) in (object[key]?.arrayValue ?? []).enumerated() {
        body(child, "\(key)[\(index)]")
      }
    }
  }
}

/// Short, safe excerpts of untrusted text for a finding's evidence.
enum Evidence {
  static let limit = 80

  /// Up to `limit` characters around `range`, on one line, with
  /// control and invisible characters shown as `<U+200B>`.
  static func excerpt(
    _ text: String, around range: Range<String.Index>? = nil
  ) -> String {
    var start = text.startIndex
    var prefix = ""
    if let range {
      let lead = text.distance(from: text.startIndex, to: range.lowerBound)
      if lead > 20 {
        start = text.index(range.lowerBound, offsetBy: -20)
        prefix = "…"
      }
    }
    let tail = text[start...]
    var shown = String(tail.prefix(limit))
    if tail.count > limit { shown += "…" }
    return prefix + visible(shown)
  }

  /// Hazardous scalars by code point, line breaks as spaces.
  static func visible(_ text: String) -> String {
    var output = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\r" || scalar == "\t" {
        output += " "
      } else if UntrustedText.isHazard(scalar) || Self.isInvisible(scalar) {
        output += "<\(UntrustedText.codePoint(scalar))>"
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// Zero-width, bidi control and tag characters: text a person cannot
  /// see or that reorders what they see.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x180E: return true
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069: return true
    case 0x3164, 0xFEFF, 0xFFA0, 0xE0000...0xE007F: return true
    default: return false
    }
  }
}
