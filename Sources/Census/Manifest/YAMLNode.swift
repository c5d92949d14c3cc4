import CYAML

/// A scalar as written: its text after YAML unescaping (before any
/// `${VAR}` interpolation), how it was quoted, its explicit tag if any.
struct YAMLScalar: Sendable, Equatable {
  enum Style: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    init(_ style: yaml_scalar_style_t) {
      switch style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: self = .literal
      case YAML_FOLDED_SCALAR_STYLE: self = .folded
      default: self = .plain
      }
    }
  }

  var value: String
  var style: Style
  var tag: String?
  var mark: SourceMark

  /// A plain `~`, `null` or nothing at all: YAML's way of saying no value.
  var isNull: Bool {
    guard style == .plain, tag == nil else { return false }
    switch value {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }
}

/// A node of the YAML tree with the position where it starts.
///
/// Aliases are resolved while the tree is built by sharing the anchored
/// node (arrays are copy-on-write, so sharing costs no memory); `weight`
/// counts the nodes a full walk would visit, aliases expanded.
struct YAMLNode: Sendable {
  enum Content: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    /// Pairs in source order, merge keys already applied.
    case mapping([YAMLPair])
  }

  var content: Content
  var mark: SourceMark
  var weight: Int

  /// The scalar, when this node is one.
  var scalar: YAMLScalar? {
    if case .scalar(let scalar) = content { return scalar }
    return nil
  }

  /// What this node is, in words, for messages; a scalar shows its text
  /// as written, before interpolation, so no secret can appear.
  var kindDescription: String {
    switch content {
    case .scalar(let scalar):
      scalar.isNull ? "nothing" : "'\(Quoting.short(scalar.value))'"
    case .sequence: "a list"
    case .mapping: "a mapping"
    }
  }
}

/// One key and its value in a mapping.
struct YAMLPair: Sendable {
  var key: YAMLNode
  var value: YAMLNode

  /// The key's text when the key is a scalar.
  var keyText: String? { key.scalar?.value }
}
