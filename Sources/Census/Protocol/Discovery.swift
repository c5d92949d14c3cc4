/// What one attempt learned from a server, however far it got.
public struct Discovery: Sendable, Equatable {
  public var protocolVersion: String?
  public var serverInfo: JSONValue?
  public var capabilities: JSONValue?
  public var instructions: String?
  /// One entry per list asked for, in the manifest's `discover` order.
  public var lists: [DiscoveredList] = []
  /// From sending initialize to its answer.
  public var initializeLatency: Duration?
  /// One `ping` round trip after the lists: the health figure.
  public var pingLatency: Duration?
  /// Protocol violations tolerated.
  public var warnings: [String] = []

  public init() {}

  /// The items of one list, empty when it was not asked for or declared.
  public func items(_ kind: DiscoveryKind) -> [RawJSON] {
    lists.first { $0.kind == kind }?.items ?? []
  }

  /// `items(kind).count`, with no array handed over.
  func itemCount(_ kind: DiscoveryKind) -> Int {
    for list in lists where list.kind == kind { return list.items.count }
    return 0
  }

  /// Whether a list failed or was cut short, making the server `partial`.
  public var isIncomplete: Bool {
    lists.contains { $0.error != nil || $0.truncated != nil }
  }
}

/// One list (`tools/list`, ...) as the server sent it, all pages joined.
public struct DiscoveredList: Sendable, Equatable {
  public var kind: DiscoveryKind
  /// Every item as sent, malformed ones included, kept as its text: read
  /// one at a time (`value`, `member`) by whatever looks into it.
  public var items: [RawJSON]
  public var pages: Int
  /// Why the list stops early (a repeating cursor, the page cap), if it does.
  public var truncated: String?
  /// The server's error answer, if the list call failed.
  public var error: String?

  public init(
    kind: DiscoveryKind, items: [RawJSON] = [], pages: Int = 0,
    truncated: String? = nil, error: String? = nil
  ) {
    self.kind = kind
    self.items = items
    self.pages = pages
    self.truncated = truncated
    self.error = error
  }
}

extension DiscoveryKind {
  /// The JSON-RPC method that lists this kind.
  var method: String {
    switch self {
    case .tools: return "tools/list"
    case .resources: return "resources/list"
    case .resourceTemplates: return "resources/templates/list"
    case .prompts: return "prompts/list"
    }
  }

  /// The member of the list result that holds the items.
  var resultKey: String {
    switch self {
    case .tools: return "tools"
    case .resources: return "resources"
    case .resourceTemplates: return "resourceTemplates"
    case .prompts: return "prompts"
    }
  }

  /// The server capability that must be declared for this list.
  var capability: String {
    switch self {
    case .tools: return "tools"
    case .resources, .resourceTemplates: return "resources"
    case .prompts: return "prompts"
    }
  }

  /// Whether `capabilities`, from the initialize answer, declare this
  /// list: the capability is there, and neither null nor false.
  func isDeclared(in capabilities: JSONValue?) -> Bool {
    guard let value = capabilities?[capability] else { return false }
    return value != .null && value != .bool(false)
  }
}
