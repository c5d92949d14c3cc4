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

  /// The fingerprint of one item, 64 hex digits: `hash` of its
  /// `definition`, written from the text without making a tree of it.
  public static func item(_ item: RawJSON, kind: DiscoveryKind) -> String {
    var text: [UInt8] = []
    text.reserveCapacity(item.byteCount)
    JSONWriter(sortedKeys: true).write(
      item, into: &text, indent: 0, only: definingKeyLists[kind])
    return SHA256.hex(text)
  }

  /// `definingKeys` of every kind, made once.
  private static let definingKeyLists = Dictionary(
    uniqueKeysWithValues: DiscoveryKind.allCases.map { ($0, JSONKeySet(definingKeys($0))) })

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
    var members: [(String, JSONWriter.StreamedMember?)] = [
      ("protocolVersion", .value(
        discovery.protocolVersion.map(JSONValue.string) ?? .null)),
      ("serverInfo", .value(.object([
        "name": discovery.serverInfo?["name"] ?? .null,
        "version": discovery.serverInfo?["version"] ?? .null,
      ]))),
    ]
    // A long list is streamed into the digest a batch at a time, so a
    // server of many items never holds its fingerprints' text whole; a
    // short one is written as one value, which costs far less.
    let batch = 1024
    for kind in DiscoveryKind.allCases {
      let list = discovery.lists.firstIndex { $0.kind == kind }
      let hashes = list.map { itemHashes[$0].sorted() } ?? []
      let member: JSONWriter.StreamedMember = hashes.count <= batch
        ? .value(.array(hashes.map(JSONValue.string)))
        : .elements(count: hashes.count, batch: batch) { .string(hashes[$0]) }
      members.append((kind.resultKey, member))
    }
    members.sort { JSONWriter.precedes($0.0, $1.0) }

    var hasher = SHA256()
    JSONWriter(sortedKeys: true).streamObject(members, chunkSize: 16 * 1024) {
      hasher.update($0)
    }
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

  /// How findings and the report name an item: its identifier, or, when
  /// it has none (or an empty one), `#N` with N its position in its list
  /// from 0, as the warnings number items.
  public static func reference(
    _ item: RawJSON, kind: DiscoveryKind, position: Int
  ) -> ItemReference {
    ItemReference(kind: kind, name: name(identifier(item, kind: kind), position: position))
  }

  /// `identifier`, or `#position` when it is empty.
  static func name(_ identifier: String, position: Int) -> String {
    identifier.isEmpty ? "#\(position)" : identifier
  }
}

extension ServerRecord {
  /// The `fingerprints` member of the report: per list kind asked for,
  /// item identifier to fingerprint, in the server's order. Keys are
  /// unique: an item without an identifier is `#N`, and one whose
  /// identifier came before in the list `name#N` (N its position).
  /// - Parameter itemHashes: `Fingerprint.items(of: discovery)`.
  func fingerprintsJSON(_ itemHashes: [[String]]) -> JSONValue {
    var object = JSONObject()
    for (list, hashes) in zip(discovery.lists, itemHashes) {
      var seen: Set<String> = []
      let members = zip(list.items, hashes).enumerated().map { position, pair in
        let identifier = Fingerprint.identifier(pair.0, kind: list.kind)
        let key = seen.insert(identifier).inserted
          ? Fingerprint.name(identifier, position: position)
          : "\(identifier)#\(position)"
        return (key, JSONValue.string(pair.1))
      }
      object[list.kind.resultKey] = .object(JSONObject(members))
    }
    return .object(object)
  }
}
