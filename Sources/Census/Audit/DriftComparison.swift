/// Compares two reports of a job, server by server and item by item.
///
/// Items are matched by kind and identifier (name, uri or uriTemplate)
/// and compared by fingerprint. Lists are compared only when both
/// reports read them in full, so a failed or cut-short list never shows
/// as removed items; a server that failed on either side is reported by
/// its availability alone.
public enum DriftComparison {
  public static func compare(
    baseline old: CensusReport, current new: CensusReport
  ) -> Drift {
    var drift = Drift(
      baseline: BaselineReference(job: old.job, startedAt: old.startedAt))
    let before = Dictionary(
      old.servers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let newNames = Set(new.servers.map(\.name))
    drift.serversAdded = new.servers.map(\.name).filter { before[$0] == nil }
    drift.serversRemoved = old.servers.map(\.name).filter {
      !newNames.contains($0)
    }

    for server in new.servers {
      guard let before = before[server.name] else { continue }
      let change = compare(before, server)
      if !change.isEmpty { drift.servers.append(change) }
    }
    return drift
  }

  /// A note when the two reports are of different jobs: drift between
  /// them is still worked out, server by server, but is seldom meant.
  public static func jobNote(baseline old: String, current new: String) -> String? {
    guard old != new else { return nil }
    return "mcp-census: note: the baseline is a report of job "
      + "'\(UntrustedText.terminalSafe(old))', not '\(UntrustedText.terminalSafe(new))'; "
      + "its servers are compared with this job's by name"
  }

  static func compare(_ old: ServerRecord, _ new: ServerRecord) -> ServerDrift {
    var drift = ServerDrift(name: new.name)
    let wasUp = isDiscovered(old.status)
    let isUp = isDiscovered(new.status)
    if wasUp != isUp, old.status != .skipped, new.status != .skipped {
      drift.availability = isUp ? .recovered : .newlyFailing
      drift.oldStatus = old.status
      drift.newStatus = new.status
    }
    guard wasUp, isUp else { return drift }

    let oldInfo = infoText(old.discovery.serverInfo)
    let newInfo = infoText(new.discovery.serverInfo)
    if oldInfo != newInfo {
      drift.serverInfo = ValueChange(old: oldInfo, new: newInfo)
    }
    let oldRevision = old.discovery.protocolVersion
    let newRevision = new.discovery.protocolVersion
    if oldRevision != newRevision {
      drift.protocolVersion = ValueChange(old: oldRevision, new: newRevision)
    }

    for kind in DiscoveryKind.allCases {
      guard let before = completeList(old, kind),
        let after = completeList(new, kind)
      else { continue }
      compareItems(kind, before, after, into: &drift)
    }
    return drift
  }

  /// Items are matched by identifier. A server may offer one name more
  /// than once (or several items with none); such items are paired
  /// identical ones first, then the rest in the order sent, so that two
  /// same reports never differ and a reordered pair is no change.
  private static func compareItems(
    _ kind: DiscoveryKind, _ old: [RawJSON], _ new: [RawJSON],
    into drift: inout ServerDrift
  ) {
    var oldByName: [String: [RawJSON]] = [:]
    for item in old {
      oldByName[Fingerprint.identifier(item, kind: kind), default: []].append(item)
    }
    var newByName: [String: [RawJSON]] = [:]
    var newNames: [String] = []
    for item in new {
      let name = Fingerprint.identifier(item, kind: kind)
      if newByName[name] == nil { newNames.append(name) }
      newByName[name, default: []].append(item)
    }

    for name in newNames {
      let reference = ItemReference(kind: kind, name: name)
      let pairs = paired(oldByName[name] ?? [], newByName[name] ?? [], kind: kind)
      for (before, after) in pairs.matched {
        if let change = itemChange(reference, before, after) {
          drift.changed.append(change)
        }
      }
      for _ in 0..<pairs.added { drift.added.append(reference) }
      for _ in 0..<pairs.removed { drift.removed.append(reference) }
    }
    var reported = Set(newNames)
    for item in old {
      let name = Fingerprint.identifier(item, kind: kind)
      guard reported.insert(name).inserted else { continue }
      for _ in oldByName[name] ?? [] {
        drift.removed.append(ItemReference(kind: kind, name: name))
      }
    }
  }

  /// Pairs the items of one name: equal fingerprints first, the others
  /// in order. One item each side, the common case, is simply a pair.
  private static func paired(
    _ old: [RawJSON], _ new: [RawJSON], kind: DiscoveryKind
  ) -> (matched: [(RawJSON, RawJSON)], added: Int, removed: Int) {
    guard old.count > 1 || new.count > 1 else {
      let matched = zip(old, new).map { ($0, $1) }
      return (matched, new.count - matched.count, old.count - matched.count)
    }
    var unmatchedOld = old.map { (item: $0, hash: Fingerprint.item($0, kind: kind)) }
    var unmatchedNew: [RawJSON] = []
    for item in new {
      let hash = Fingerprint.item(item, kind: kind)
      if let index = unmatchedOld.firstIndex(where: { $0.hash == hash }) {
        unmatchedOld.remove(at: index)
      } else {
        unmatchedNew.append(item)
      }
    }
    let matched = zip(unmatchedOld.map(\.item), unmatchedNew).map { ($0, $1) }
    return (
      matched, unmatchedNew.count - matched.count, unmatchedOld.count - matched.count
    )
  }

  /// What differs between two definitions of one item, or nil if none.
  /// The items are read only when their fingerprints differ.
  static func itemChange(
    _ reference: ItemReference, _ old: RawJSON, _ new: RawJSON
  ) -> ItemChange? {
    let kind = reference.kind
    guard Fingerprint.item(old, kind: kind) != Fingerprint.item(new, kind: kind)
    else { return nil }
    let oldDefinition = Fingerprint.definition(old.value, kind: kind)
    let newDefinition = Fingerprint.definition(new.value, kind: kind)
    var aspects: [ItemChange.Aspect] = []
    for key in Fingerprint.definingKeys(kind)
    where oldDefinition[key] != newDefinition[key] {
      let aspect = self.aspect(of: key)
      if !aspects.contains(aspect) { aspects.append(aspect) }
    }
    if aspects.isEmpty { aspects = [.other] }
    aspects.sort { lhs, rhs in
      ItemChange.Aspect.allCases.firstIndex(of: lhs)!
        < ItemChange.Aspect.allCases.firstIndex(of: rhs)!
    }
    var change = ItemChange(item: reference, aspects: aspects)
    if aspects.contains(.description) {
      change.oldDescription = oldDefinition["description"]?.stringValue
      change.newDescription = newDefinition["description"]?.stringValue
    }
    return change
  }

  private static func aspect(of key: String) -> ItemChange.Aspect {
    switch key {
    case "title": return .title
    case "description": return .description
    case "inputSchema", "outputSchema", "arguments": return .schema
    case "annotations": return .annotations
    default: return .other
    }
  }

  private static func completeList(
    _ record: ServerRecord, _ kind: DiscoveryKind
  ) -> [RawJSON]? {
    guard let list = record.discovery.lists.first(where: { $0.kind == kind }),
      list.error == nil, list.truncated == nil
    else { return nil }
    return list.items
  }

  private static func isDiscovered(_ status: ServerStatus) -> Bool {
    status == .ok || status == .partial
  }

  /// `name version` from serverInfo, for comparing and showing.
  static func infoText(_ info: JSONValue?) -> String? {
    guard let info else { return nil }
    let parts = [info["name"], info["version"]].compactMap { (value) -> String? in
      guard let value, !value.isNull else { return nil }
      return value.stringValue ?? JSONWriter().string(value)
    }
    return parts.isEmpty ? nil : parts.joined(separator: " ")
  }
}
