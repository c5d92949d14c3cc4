/// SHA-256 fingerprints of what a server offers, over canonical JSON
/// (keys sorted, no white space, numbers and strings as sent).
///
/// An item's fingerprint covers its whole definition, so a change to a
/// schema or an annotation shows even when the description stays:
/// - tool: `name`, `title`, `description`, `inputSchema`, `outputSchema`,
///   `annotations`;
/// - prompt: `name`, `title`, `description`, `arguments`;
/// - resource: `uri`, `name`, `title`, `description`, `mimeType`,
///   `annotations` (not `size`, which changes with the content);
/// - resource template: `uriTemplate`, `name`, `title`, `description`,
///   `mimeType`, `annotations`.
/// Members the server left out stay out; `_meta` is never included.
public enum Fingerprint {
  /// The members of an item that define it, by kind.
  public static func definingKeys(_ kind: DiscoveryKind) -> [String] {
    switch kind {
    case .tools:
      return ["name", "title", "description", "inputSchema", "outputSchema",
        "annotations"]
    case .prompts:
      return ["name", "title", "description", "arguments"]
    case .resources:
      return ["uri", "name", "title", "description", "mimeType", "annotations"]
    case .resourceTemplates:
      return ["uriTemplate", "name", "title", "description", "mimeType",
        "annotations"]
    }
  }

  /// The item's defining members as one object (a non-object item is
  /// taken whole).
  public static func definition(
    _ item: JSONValue, kind: DiscoveryKind
  ) -> JSONValue {
    guard let object = item.objectValue else { return item }
    let members = definingKeys(kind).compactMap { key in
      object[key].map { (key, $0) }
    }
    return .object(JSONObject(members))
  }

  /// The fingerprint of one item: 64 hex digits.
  public static func item(_ item: JSONValue, kind: DiscoveryKind) -> String {
    hash(definition(item, kind: kind))
  }

  /// The fingerprint of one item kept as text, the same as of its value,
  /// written from the text without making a tree of it.
  public static func item(_ item: RawJSON, kind: DiscoveryKind) -> String {
    var text: [UInt8] = []
    text.reserveCapacity(item.byteCount)
    JSONWriter(sortedKeys: true).write(
      item, into: &text, indent: 0, only: definingKeySets[kind])
    return SHA256.hex(text)
  }

  /// `definingKeys` as sets, made once.
  private static let definingKeySets = Dictionary(
    uniqueKeysWithValues: DiscoveryKind.allCases.map { ($0, Set(definingKeys($0))) })

  /// The fingerprint of a server, for servers that were discovered: the
  /// canonical JSON of `protocolVersion`, `serverInfo` `name` and
  /// `version`, and per list kind the sorted fingerprints of its items.
  /// - Parameter itemHashes: `items(of:)` of the record's discovery, when
  ///   already computed.
  public static func server(
    _ record: ServerRecord, itemHashes: [[String]]? = nil
  ) -> String? {
    guard record.status == .ok || record.status == .partial else {
      return nil
    }
    let itemHashes = itemHashes ?? items(of: record.discovery)
    let discovery = record.discovery
    var members: [String: CanonicalMember] = [
      "protocolVersion": .value(
        discovery.protocolVersion.map(JSONValue.string) ?? .null),
      "serverInfo": .value(.object([
        "name": discovery.serverInfo?["name"] ?? .null,
        "version": discovery.serverInfo?["version"] ?? .null,
      ])),
    ]
    for kind in DiscoveryKind.allCases {
      let list = discovery.lists.firstIndex { $0.kind == kind }
      members[kind.resultKey] = .hashes(list.map { itemHashes[$0].sorted() } ?? [])
    }
    return digest(members)
  }

  /// A member of the object a server's fingerprint is taken over.
  private enum CanonicalMember {
    case value(JSONValue)
    /// Item fingerprints: hex digits, which JSON needs no escape for.
    case hashes([String])
  }

  /// SHA-256 of the object's canonical JSON, as `hash` would give, but
  /// fed to the digest in pieces: a server of many items never holds the
  /// text of its fingerprints' array whole.
  private static func digest(_ members: [String: CanonicalMember]) -> String {
    let writer = JSONWriter(sortedKeys: true)
    var hasher = SHA256()
    var text: [UInt8] = [UInt8(ascii: "{")]
    for (index, key) in members.keys.sorted().enumerated() {
      if index > 0 { text.append(UInt8(ascii: ",")) }
      JSONWriter.writeString(key, into: &text)
      text.append(UInt8(ascii: ":"))
      switch members[key]! {
      case .value(let value):
        text += writer.bytes(value)
      case .hashes(let hashes):
        text.append(UInt8(ascii: "["))
        for (index, hash) in hashes.enumerated() {
          if index > 0 { text.append(UInt8(ascii: ",")) }
          JSONWriter.writeString(hash, into: &text)
          if text.count >= 64 * 1024 {
            hasher.update(text)
            text.removeAll(keepingCapacity: true)
          }
        }
        text.append(UInt8(ascii: "]"))
      }
    }
    text.append(UInt8(ascii: "}"))
    hasher.update(text)
    return SHA256.hex(digest: hasher.finalize())
  }

  /// The fingerprint of every item, list by list in `discovery.lists`.
  public static func items(of discovery: Discovery) -> [[String]] {
    discovery.lists.map { list in
      list.items.map { item($0, kind: list.kind) }
    }
  }

  /// SHA-256 of the value's canonical JSON.
  public static func hash(_ value: JSONValue) -> String {
    SHA256.hex(JSONWriter(sortedKeys: true).bytes(value))
  }

  /// The item's identifier for its kind (name, uri or uriTemplate), or
  /// an empty string when it has none.
  public static func identifier(
    _ item: JSONValue, kind: DiscoveryKind
  ) -> String {
    item[kind.identifierKey]?.stringValue ?? ""
  }

  /// The identifier of an item kept as text, found without reading the
  /// rest of it.
  public static func identifier(
    _ item: RawJSON, kind: DiscoveryKind
  ) -> String {
    item.string(kind.identifierKey) ?? ""
  }
}

extension ServerRecord {
  /// The `fingerprints` member of the report: per list kind asked for,
  /// item identifier to fingerprint, in the server's order.
  /// - Parameter itemHashes: `Fingerprint.items(of: discovery)`.
  func fingerprintsJSON(_ itemHashes: [[String]]) -> JSONValue {
    var object = JSONObject()
    for (list, hashes) in zip(discovery.lists, itemHashes) {
      let members = zip(list.items, hashes).map { item, hash in
        (Fingerprint.identifier(item, kind: list.kind), JSONValue.string(hash))
      }
      object[list.kind.resultKey] = .object(JSONObject(members))
    }
    return .object(object)
  }
}
