/// What changed between a baseline report and a newer one.
public struct Drift: Sendable, Equatable {
  /// Which report was compared against: its job and start time.
  public var baseline: BaselineReference
  /// Servers the new manifest lists and the baseline did not.
  public var serversAdded: [String] = []
  /// Servers the baseline listed and the new manifest does not.
  public var serversRemoved: [String] = []
  /// Servers listed in both that changed, in the new report's order.
  public var servers: [ServerDrift] = []

  public init(baseline: BaselineReference) {
    self.baseline = baseline
  }

  /// Whether nothing changed.
  public var isEmpty: Bool {
    serversAdded.isEmpty && serversRemoved.isEmpty && servers.isEmpty
  }
}

public struct BaselineReference: Sendable, Equatable {
  public var job: String
  public var startedAt: String

  public init(job: String, startedAt: String) {
    self.job = job
    self.startedAt = startedAt
  }
}

/// How one server changed.
public struct ServerDrift: Sendable, Equatable {
  public enum Availability: String, Sendable, Equatable, CaseIterable {
    /// Discovered in the baseline, not now.
    case newlyFailing
    /// Not discovered in the baseline, discovered now.
    case recovered
  }

  public var name: String
  public var availability: Availability?
  /// The statuses, when the availability changed.
  public var oldStatus: ServerStatus?
  public var newStatus: ServerStatus?
  /// `name version` of serverInfo, when either changed.
  public var serverInfo: ValueChange?
  public var protocolVersion: ValueChange?
  public var added: [ItemReference] = []
  public var removed: [ItemReference] = []
  public var changed: [ItemChange] = []

  public init(name: String) {
    self.name = name
  }

  public var isEmpty: Bool {
    availability == nil && serverInfo == nil && protocolVersion == nil
      && added.isEmpty && removed.isEmpty && changed.isEmpty
  }
}

/// An old and a new value; nil where there was none.
public struct ValueChange: Sendable, Equatable {
  public var old: String?
  public var new: String?

  public init(old: String?, new: String?) {
    self.old = old
    self.new = new
  }
}

/// An item whose definition changed, and in what.
public struct ItemChange: Sendable, Equatable {
  /// The parts of a definition a change is reported by.
  public enum Aspect: String, Sendable, Equatable, CaseIterable {
    case title, description, schema, annotations, other
  }

  public var item: ItemReference
  public var aspects: [Aspect]
  /// Both descriptions, when the description changed.
  public var oldDescription: String?
  public var newDescription: String?

  public init(
    item: ItemReference, aspects: [Aspect], oldDescription: String? = nil,
    newDescription: String? = nil
  ) {
    self.item = item
    self.aspects = aspects
    self.oldDescription = oldDescription
    self.newDescription = newDescription
  }
}
