/// Runs MCP discovery over a connected transport: initialize, the declared
/// lists with their pages, one ping.
public struct Discoverer {
  /// Our name and version, sent as clientInfo.
  public var clientVersion: String
  /// The lists to ask for, in order.
  public var kinds: [DiscoveryKind]
  /// When the initialize answer must have come.
  public var startupDeadline: Deadline
  /// When the whole attempt must be done.
  public var deadline: Deadline
  /// How long the lists (and the ping) may take from the initialize
  /// answer on, within `deadline`; nil: until `deadline`. A slow start
  /// is `startupDeadline`'s to bound and does not eat into this.
  public var timeout: Duration?
  /// Most pages followed per list before it is marked truncated.
  public var pageLimit = 1000

  public init(
    clientVersion: String, kinds: [DiscoveryKind],
    startupDeadline: Deadline, deadline: Deadline, timeout: Duration? = nil
  ) {
    self.clientVersion = clientVersion
    self.kinds = kinds
    self.startupDeadline = startupDeadline
    self.deadline = deadline
    self.timeout = timeout
  }

  /// Discovers the server; the transport stays open for the caller to close.
  /// - Returns: what was learned, and the failure that ended the attempt
  ///   early, if one did.
  public func run(over transport: MessageTransport) -> (Discovery, TransportError?) {
    let session = MCPSession(transport: transport)
    var discovery = Discovery()
    var failure: TransportError?
    do throws(TransportError) {
      try initialize(session, into: &discovery)

      var lists = self
      if let timeout {
        lists.deadline = Deadline.now().adding(timeout).earliest(deadline)
      }
      for kind in kinds where kind.isDeclared(in: discovery.capabilities) {
        discovery.lists.append(try lists.list(kind, session))
      }
      discovery.pingLatency = try lists.ping(session)
    } catch {
      failure = error
    }
    discovery.warnings = session.log.summary + transport.warnings
    return (discovery, failure)
  }

  private func initialize(
    _ session: MCPSession, into discovery: inout Discovery
  ) throws(TransportError) {
    let params = JSONValue.object([
      "protocolVersion": .string(ProtocolRevision.latest),
      "capabilities": .object([:]),
      "clientInfo": .object([
        "name": .string("mcp-census"), "version": .string(clientVersion),
      ]),
    ])
    let started = Deadline.now()
    let answer = try during("initialize", deadline: startupDeadline) { () throws(TransportError) in
      try session.request("initialize", params: params, deadline: startupDeadline)
    }
    discovery.initializeLatency = .nanoseconds(
      Int64(clamping: Deadline.now().nanoseconds - started.nanoseconds))
    let result = try answer.mapError { error in
      TransportError(
        .serverError,
        "the server refused initialize: \(error.message) (code \(error.code))")
    }.get()
    try record(result, into: &discovery)
    session.protocolVersion = discovery.protocolVersion
    try session.notify("notifications/initialized", deadline: deadline)
  }

  private func record(
    _ result: JSONValue, into discovery: inout Discovery
  ) throws(TransportError) {
    guard let object = result.objectValue else {
      throw TransportError(
        .protocolViolation,
        "the initialize answer is \(result.typeDescription), not an object")
    }
    discovery.serverInfo = object["serverInfo"]
    discovery.capabilities = object["capabilities"]
    discovery.instructions = object["instructions"]?.stringValue
    guard let version = object["protocolVersion"]?.stringValue else {
      throw TransportError(
        .protocolViolation, "the initialize answer has no protocolVersion")
    }
    discovery.protocolVersion = version
    guard ProtocolRevision.isKnown(version) else {
      let known = ProtocolRevision.known.joined(separator: ", ")
      throw TransportError(
        .unsupportedProtocolVersion,
        "the server chose protocol revision '\(version)', which mcp-census "
          + "does not speak (it knows \(known))")
    }
    if discovery.capabilities?.objectValue == nil {
      discovery.capabilities = .object([:])
    }
  }

  /// Fetches every page of one list, guarding against cursors that
  /// repeat and pages that add nothing new. An item a later page repeats
  /// word for word is kept once.
  private func list(
    _ kind: DiscoveryKind, _ session: MCPSession
  ) throws(TransportError) -> DiscoveredList {
    var list = DiscoveredList(kind: kind)
    var cursor: String?
    var seenCursors: Set<String> = []
    var kept = KeptItems()
    repeat {
      guard list.pages < pageLimit else {
        list.truncated = "stopped after \(pageLimit) pages"
        break
      }
      let params: JSONValue? = cursor.map { .object(["cursor": .string($0)]) }
      let answer = try during(kind.method, deadline: deadline) { () throws(TransportError) in
        try session.request(
          kind.method, params: params, itemsKey: kind.resultKey,
          noting: kind.identifierKey, deadline: deadline)
      }
      let page: MCPSession.Answer
      switch answer {
      case .failure(let error):
        list.error = error.isMethodNotFound
          ? "\(kind.method) is declared but answered \"method not found\""
          : "\(kind.method) failed: \(error.message) (code \(error.code))"
        return list
      case .success(let result):
        page = result
      }
      list.pages += 1
      var items = Self.items(of: page, kind: kind)
      if items == nil {
        session.warn("\(kind.method) page \(list.pages) has no '\(kind.resultKey)' array")
      }
      cursor = page.result["nextCursor"]?.stringValue
      let sent = items?.count ?? 0
      if list.pages > 1 {
        items = items?.filter { !kept.contains($0, in: list.items) }
        let repeated = sent - (items?.count ?? 0)
        if repeated > 0 {
          session.warn("\(kind.method) page \(list.pages) repeated "
            + "\(repeated) of \(sent) items of earlier pages; each is kept once")
        }
      }
      if cursor != nil || list.pages > 1 {
        kept.add(items ?? [], from: list.items.count)
      }
      list.items += items ?? []
      validate(items ?? [], kind: kind, session: session)
      if let next = cursor {
        guard seenCursors.insert(next).inserted else {
          list.truncated = "the server repeated the cursor '\(next.prefix(40))'"
          break
        }
        if items?.isEmpty ?? true {
          list.truncated = sent == 0
            ? "page \(list.pages) was empty but had a next cursor"
            : "page \(list.pages) added nothing new but had a next cursor"
          break
        }
      }
    } while cursor != nil
    return list
  }

  /// The items of a paged list by the hash of their text, to find the
  /// ones a later page repeats. A list of one page never fills it.
  private struct KeptItems {
    private var indices: [Int: [Int]] = [:]

    /// Notes `items`, which sit in the list from `start` on.
    mutating func add(_ items: [RawJSON], from start: Int) {
      for (offset, item) in items.enumerated() {
        indices[item.textHash, default: []].append(start + offset)
      }
    }

    /// Whether `item`'s text is that of one of `items` noted before.
    func contains(_ item: RawJSON, in items: [RawJSON]) -> Bool {
      (indices[item.textHash] ?? []).contains { items[$0].hasSameText(as: item) }
    }
  }

  /// The page's items: those the session kept as text, or (in a batch,
  /// read whole) the array in the result. Nil when the result has none.
  private static func items(
    of page: MCPSession.Answer, kind: DiscoveryKind
  ) -> [RawJSON]? {
    guard let array = page.result[kind.resultKey]?.arrayValue else {
      return nil
    }
    return page.items ?? array.map(RawJSON.init)
  }

  /// Checks each item on its own, so one bad tool never loses the page.
  /// Only the members checked are read.
  private func validate(
    _ items: [RawJSON], kind: DiscoveryKind, session: MCPSession
  ) {
    let required = kind.identifierKey
    for (index, item) in items.enumerated() {
      guard item.isObject else {
        session.warn("\(kind.method) item \(index) is \(item.typeDescription), not an object")
        continue
      }
      // A tool's identifying member is its name: read once, for both.
      let identifier = item.string(required)
      if identifier == nil {
        session.warn("\(kind.method) item \(index) has no '\(required)' string")
      }
      guard kind == .tools else { continue }
      let name = identifier ?? "#\(index)"
      switch item.member("inputSchema") {
      case nil: session.warn("tool '\(name)' has no inputSchema")
      case let schema? where schema.isObject: break
      case let other?:
        session.warn(
          "tool '\(name)' has an inputSchema that is \(other.typeDescription)")
      }
    }
  }

  /// The round trip of one `ping`, the report's health figure. Every list
  /// has been read by then, so a server that never answers, answers with
  /// an error or exits keeps its status: the report warns and has no
  /// figure. Only cancellation ends the attempt.
  private func ping(_ session: MCPSession) throws(TransportError) -> Duration? {
    let started = Deadline.now()
    let wait = started.adding(Self.pingWait).earliest(deadline)
    let answer: Result<JSONValue, JSONRPCErrorObject>
    do throws(TransportError) {
      answer = try session.request("ping", params: nil, deadline: wait)
    } catch where error.kind == .cancelled {
      throw error
    } catch where error.kind == .timeout {
      let allowed = Duration.nanoseconds(wait.nanoseconds - started.nanoseconds)
      session.warn("no answer to ping within \(DurationText.format(allowed))")
      return nil
    } catch {
      session.warn("no answer to ping: \(error.message)")
      return nil
    }
    if case .failure(let error) = answer {
      session.warn("ping failed: \(error.message) (code \(error.code))")
      return nil
    }
    return .nanoseconds(Int64(clamping: Deadline.now().nanoseconds - started.nanoseconds))
  }

  /// How long the ping may take; the attempt's deadline still applies.
  static let pingWait = Duration.seconds(2)

  /// Runs one step, naming it in a timeout so the report says where it hung.
  private func during<T>(
    _ step: String, deadline stepDeadline: Deadline,
    _ body: () throws(TransportError) -> T
  ) throws(TransportError) -> T {
    do {
      return try body()
    } catch where error.kind == .timeout {
      if step == "initialize" && stepDeadline < deadline {
        throw TransportError(
          .startupTimeout, "no answer to initialize within the startup timeout")
      }
      throw TransportError(.timeout, "the attempt timed out waiting for the answer to \(step)")
    } catch {
      throw TransportError(error.kind, "during \(step): \(error.message)")
    }
  }
}
