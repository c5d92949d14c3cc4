/// How much a finding matters, lowest first.
public enum Severity: String, Sendable, CaseIterable, Comparable {
  case info, low, medium, high

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// A tool, prompt, resource or template a finding is about.
public struct ItemReference: Sendable, Equatable, Hashable {
  public var kind: DiscoveryKind
  /// The name; for resources the uri, for templates the uriTemplate.
  public var name: String

  public init(kind: DiscoveryKind, name: String) {
    self.kind = kind
    self.name = name
  }

  /// `tool 'echo'`, for messages.
  public var label: String {
    "\(kind.singular) '\(name)'"
  }
}

/// One thing a check found, with the text that shows it.
public struct Finding: Sendable, Equatable {
  /// Stable across versions: `MCP001`, ...
  public var code: String
  public var severity: Severity
  public var server: String
  public var item: ItemReference?
  public var message: String
  /// A short excerpt, invisible characters shown by code point, secrets
  /// masked.
  public var evidence: String?
  /// The manifest's reason, when a suppression matches.
  public var suppression: String?

  public init(
    code: String, severity: Severity, server: String,
    item: ItemReference? = nil, message: String, evidence: String? = nil
  ) {
    self.code = code
    self.severity = severity
    self.server = server
    self.item = item
    self.message = message
    self.evidence = evidence
  }

  public var isSuppressed: Bool { suppression != nil }
}

/// A manifest entry that accepts a known finding.
public struct Suppression: Sendable, Equatable {
  public var code: String
  public var server: String
  /// An item name; nil matches every item of the server.
  public var item: String?
  public var reason: String

  public init(code: String, server: String, item: String?, reason: String) {
    self.code = code
    self.server = server
    self.item = item
    self.reason = reason
  }

  /// Whether this entry covers `finding`.
  public func matches(_ finding: Finding) -> Bool {
    guard code == finding.code, server == finding.server else { return false }
    guard let item else { return true }
    return finding.item?.name == item
  }
}

extension DiscoveryKind {
  /// `tool`, `resource`, `resource template`, `prompt`.
  public var singular: String {
    switch self {
    case .tools: return "tool"
    case .resources: return "resource"
    case .resourceTemplates: return "resource template"
    case .prompts: return "prompt"
    }
  }

  /// The member that names an item of this kind.
  public var identifierKey: String {
    switch self {
    case .tools, .prompts: return "name"
    case .resources: return "uri"
    case .resourceTemplates: return "uriTemplate"
    }
  }
}
