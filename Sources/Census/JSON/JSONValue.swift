/// A JSON value exactly as a peer sent it.
///
/// Numbers keep their literal text and objects keep their key order, so a
/// tool definition can be written back into a report unchanged and hashed
/// the same way on every run.
public enum JSONValue: Sendable {
  case null
  case bool(Bool)
  /// The number's literal text, already checked against the JSON grammar.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
  /// A value still as text, read when it is written or looked into: how
  /// a report holds a list's items without making them a tree. The
  /// accessors below read through it; a `switch` sees it as it is.
  case raw(RawJSON)

  /// An integer value.
  public static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
    .number(String(value))
  }

  /// A floating-point value; NaN and infinities become `null`.
  public static func double(_ value: Double) -> JSONValue {
    guard value.isFinite else { return .null }
    if value == value.rounded(), abs(value) < 1e15 {
      return .number(String(Int64(value)))
    }
    return .number(String(value))
  }

  /// An object from key-value pairs, in the order given.
  public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
    .object(JSONObject(pairs.map { ($0.key, $0.value) }))
  }
}

extension JSONValue {
  /// The value with a `.raw` one read; any other as it is.
  public var resolved: JSONValue {
    if case .raw(let raw) = self { return raw.value }
    return self
  }

  public var stringValue: String? {
    if case .string(let value) = resolved { return value }
    return nil
  }

  public var boolValue: Bool? {
    if case .bool(let value) = resolved { return value }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let value) = resolved { return value }
    return nil
  }

  public var objectValue: JSONObject? {
    if case .object(let value) = resolved { return value }
    return nil
  }

  /// The number as an integer, when it is one and fits.
  public var intValue: Int? {
    guard case .number(let text) = resolved else { return nil }
    if let exact = Int(text) { return exact }
    guard let double = Double(text), double == double.rounded(),
      abs(double) < 9e15
    else { return nil }
    return Int(double)
  }

  public var doubleValue: Double? {
    guard case .number(let text) = resolved else { return nil }
    return Double(text)
  }

  public var isNull: Bool { self == .null }

  /// The member named `key` when this is an object.
  public subscript(key: String) -> JSONValue? {
    objectValue?[key]
  }

  /// The element at `index` when this is an array and it has one.
  public subscript(index: Int) -> JSONValue? {
    guard let elements = arrayValue, elements.indices.contains(index) else {
      return nil
    }
    return elements[index]
  }

  /// The JSON type's name, for messages: `an object`, `a string`, ...
  public var typeDescription: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    case .raw(let raw): return raw.typeDescription
    }
  }
}

extension JSONValue: Equatable {
  /// Equal values, whether either is still text or not.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.raw(let left), .raw(let right)): return left == right
    case (.raw(let left), _): return left.value == rhs
    case (_, .raw(let right)): return lhs == right.value
    case (.null, .null): return true
    case (.bool(let left), .bool(let right)): return left == right
    case (.number(let left), .number(let right)): return left == right
    case (.string(let left), .string(let right)): return left == right
    case (.array(let left), .array(let right)): return left == right
    case (.object(let left), .object(let right)): return left == right
    default: return false
    }
  }
}

/// A JSON object that keeps its members in the order they were written.
public struct JSONObject: Sendable, Equatable {
  /// The members in order; a repeated key is kept as sent.
  public private(set) var members: [(key: String, value: JSONValue)]

  public init(_ members: [(String, JSONValue)] = []) {
    self.members = members.map { (key: $0.0, value: $0.1) }
  }

  public var isEmpty: Bool { members.isEmpty }
  public var count: Int { members.count }
  public var keys: [String] { members.map(\.key) }

  /// The last member named `key`; setting replaces it or appends.
  public subscript(key: String) -> JSONValue? {
    get { members.last { $0.key == key }?.value }
    set {
      let index = members.lastIndex { $0.key == key }
      switch (index, newValue) {
      case (let index?, let value?): members[index].value = value
      case (let index?, nil): members.remove(at: index)
      case (nil, let value?): members.append((key: key, value: value))
      case (nil, nil): break
      }
    }
  }

  /// Appends a member (nothing when `value` is nil) without looking for
  /// its key first: for building an object whose keys differ, as every
  /// report object's do. Setting by subscript searches the members.
  public mutating func add(_ key: String, _ value: JSONValue?) {
    assert(!members.contains { $0.key == key }, "'\(key)' added twice")
    if let value { members.append((key: key, value: value)) }
  }

  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    lhs.members.count == rhs.members.count
      && zip(lhs.members, rhs.members).allSatisfy {
        $0.key == $1.key && $0.value == $1.value
      }
  }
}
