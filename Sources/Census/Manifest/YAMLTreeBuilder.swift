/// Turns libyaml's event stream into one `YAMLNode` tree.
///
/// Resolves aliases and merge keys, reports duplicate keys, and keeps the
/// work bounded on hostile input: nesting depth, the number of nodes
/// written and the number produced through aliases are all capped.
struct YAMLTreeBuilder {
  /// Deepest nesting of lists and mappings accepted.
  static let maximumDepth = 64
  /// Most nodes that aliases may add to the tree, all aliases together.
  static let maximumAliasNodes = 100_000
  /// Most nodes written out in the file; a 1000-server manifest has ~20000.
  static let maximumNodes = 500_000

  /// Stops the build after a problem that leaves nothing sensible to read.
  struct Stopped: Error {}

  private struct Frame {
    var isMapping: Bool
    var anchor: String?
    var mark: SourceMark
    var items: [YAMLNode] = []
  }

  private let parser: LibYAMLParser
  private let source: SourceText
  private var diagnostics: DiagnosticCollector
  private var stack: [Frame] = []
  private var anchors: [String: YAMLNode] = [:]
  private var aliasNodes = 0
  private var nodes = 0
  private var root: YAMLNode?

  init(source: SourceText, diagnostics: DiagnosticCollector) {
    self.parser = LibYAMLParser(bytes: source.bytes)
    self.source = source
    self.diagnostics = diagnostics
  }

  /// Builds the tree of the single document in the stream.
  /// - Returns: the root node, or nil for a stream without content, along
  ///   with the diagnostics gathered so far.
  consuming func build() -> (YAMLNode?, DiagnosticCollector) {
    do throws(Stopped) {
      try readDocument()
      return (root, diagnostics)
    } catch {
      return (nil, diagnostics)
    }
  }

  private mutating func readDocument() throws(Stopped) {
    var documents = 0
    while true {
      switch try next() {
      case .streamEnd:
        return
      case .documentStart(let mark):
        documents += 1
        if documents > 1 {
          throw stop(
            "a manifest holds one YAML document, but a second one starts here",
            at: mark)
        }
      case .alias(let anchor, let mark):
        let node = try resolved(alias: anchor, at: mark)
        add(node, anchor: nil)
      case .scalar(let scalar, let anchor):
        try count(at: scalar.mark)
        let node = YAMLNode(
          content: .scalar(scalar), mark: scalar.mark, weight: 1)
        add(node, anchor: anchor)
      case .sequenceStart(let anchor, _, let mark):
        try open(Frame(isMapping: false, anchor: anchor, mark: mark))
      case .mappingStart(let anchor, _, let mark):
        try open(Frame(isMapping: true, anchor: anchor, mark: mark))
      case .sequenceEnd, .mappingEnd:
        try close()
      case .streamStart, .documentEnd:
        continue
      }
    }
  }

  private mutating func next() throws(Stopped) -> YAMLEvent {
    do {
      return try parser.nextEvent()
    } catch {
      let (message, mark) = LibYAMLMessages.describe(error, in: source)
      diagnostics.concealSyntaxError(
        at: mark, unclosedQuote: error.context == "while scanning a quoted scalar")
      throw stop(message, at: mark)
    }
  }

  /// Reports a problem that ends the build, returning the error to throw.
  private mutating func stop(
    _ message: String, at mark: SourceMark
  ) -> Stopped {
    diagnostics.report(message, at: mark)
    return Stopped()
  }

  private mutating func count(at mark: SourceMark) throws(Stopped) {
    nodes += 1
    guard nodes <= Self.maximumNodes else {
      throw stop(
        "the manifest holds more than \(Self.maximumNodes) values; "
          + "refusing to read further",
        at: mark)
    }
  }

  private mutating func open(_ frame: Frame) throws(Stopped) {
    try count(at: frame.mark)
    guard stack.count < Self.maximumDepth else {
      throw stop(
        "nesting is deeper than \(Self.maximumDepth) levels", at: frame.mark)
    }
    stack.append(frame)
  }

  private mutating func close() throws(Stopped) {
    guard let frame = stack.popLast() else { return }
    let node: YAMLNode
    if frame.isMapping {
      node = mapping(of: frame.items, at: frame.mark)
    } else {
      let weight = frame.items.reduce(1) { $0 + $1.weight }
      node = YAMLNode(
        content: .sequence(frame.items), mark: frame.mark, weight: weight)
    }
    add(node, anchor: frame.anchor)
  }

  private mutating func add(_ node: YAMLNode, anchor: String?) {
    if let anchor {
      anchors[anchor] = node
    }
    if stack.isEmpty {
      root = node
    } else {
      stack[stack.count - 1].items.append(node)
    }
  }

  private mutating func resolved(
    alias anchor: String, at mark: SourceMark
  ) throws(Stopped) -> YAMLNode {
    guard let node = anchors[anchor] else {
      diagnostics.report("unknown alias '*\(anchor)'", at: mark)
      let empty = YAMLScalar(value: "", style: .plain, tag: nil, mark: mark)
      return YAMLNode(content: .scalar(empty), mark: mark, weight: 1)
    }
    aliasNodes += node.weight
    guard aliasNodes <= Self.maximumAliasNodes else {
      throw stop(
        "aliases expand to more than \(Self.maximumAliasNodes) nodes; "
          + "refusing what looks like a 'billion laughs' manifest",
        at: mark)
    }
    var use = node
    use.mark = mark
    return use
  }

  /// Pairs up keys and values, drops duplicate keys with a diagnostic, and
  /// applies merge keys (`<<`): explicit keys win, then earlier merges.
  private mutating func mapping(
    of items: [YAMLNode], at mark: SourceMark
  ) -> YAMLNode {
    var pairs: [YAMLPair] = []
    var merges: [YAMLNode] = []
    var seen: [String: SourceMark] = [:]
    var index = 0
    while index + 1 < items.count {
      let pair = YAMLPair(key: items[index], value: items[index + 1])
      index += 2
      if Self.isMergeKey(pair.key) {
        merges.append(pair.value)
        continue
      }
      if let text = pair.keyText {
        if let first = seen[text] {
          diagnostics.report(
            "duplicate key '\(Quoting.short(text))' "
              + "(first at line \(first.line))",
            at: pair.key.mark)
          continue
        }
        seen[text] = pair.key.mark
      }
      pairs.append(pair)
    }

    for source in merges {
      for map in mappings(mergedFrom: source) {
        for pair in map {
          guard let text = pair.keyText, seen[text] == nil else { continue }
          seen[text] = pair.key.mark
          pairs.append(pair)
        }
      }
    }

    let weight = pairs.reduce(1) { $0 + $1.key.weight + $1.value.weight }
    return YAMLNode(content: .mapping(pairs), mark: mark, weight: weight)
  }

  private mutating func mappings(mergedFrom source: YAMLNode) -> [[YAMLPair]] {
    var sources = [source]
    if case .sequence(let items) = source.content {
      sources = items
    }
    var result: [[YAMLPair]] = []
    for node in sources where node.scalar?.isNull != true {
      guard case .mapping(let pairs) = node.content else {
        diagnostics.report(
          "a merge key '<<' takes a mapping or a list of mappings, "
            + "found \(node.kindDescription)",
          at: node.mark)
        continue
      }
      result.append(pairs)
    }
    return result
  }

  private static func isMergeKey(_ node: YAMLNode) -> Bool {
    guard let scalar = node.scalar, scalar.value == "<<" else { return false }
    if scalar.tag == "tag:yaml.org,2002:merge" { return true }
    return scalar.style == .plain && scalar.tag == nil
  }
}
