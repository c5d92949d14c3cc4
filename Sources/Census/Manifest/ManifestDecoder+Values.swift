/// Readers for single values: each reports what is wrong at the node and
/// returns nil, so decoding goes on and finds the file's other problems.
/// Messages quote the value as written, never as interpolated, so that no
/// secret reaches them.
extension ManifestDecoder {
  /// The keys of `node`, checked against `known`.
  /// - Parameter hint: extra advice for an unknown key, tried before the
  ///   did-you-mean suggestion.
  mutating func fields(
    of node: YAMLNode, known: [String], what: String,
    hint: (String) -> String? = { _ in nil }
  ) -> ManifestFields? {
    if node.scalar?.isNull == true {
      return ManifestFields(mark: node.mark, pairs: [:])
    }
    guard case .mapping(let pairs) = node.content else {
      report("expected \(what), found \(node.kindDescription)", at: node.mark)
      return nil
    }
    var found: [String: YAMLPair] = [:]
    for pair in pairs {
      guard let key = pair.keyText, pair.key.scalar?.isNull == false else {
        report("expected a plain key, found \(pair.key.kindDescription)",
          at: pair.key.mark)
        continue
      }
      if key.hasPrefix("x-") { continue }
      guard known.contains(key) else {
        report(unknownKeyMessage(key, known: known, hint: hint),
          at: pair.key.mark)
        continue
      }
      found[key] = pair
    }
    return ManifestFields(mark: node.mark, pairs: found)
  }

  private func unknownKeyMessage(
    _ key: String, known: [String], hint: (String) -> String?
  ) -> String {
    let shown = "unknown key '\(Quoting.short(key))'"
    if let advice = hint(key) {
      return "\(shown) (\(advice))"
    }
    if let guess = Suggestion.closest(to: key, among: known) {
      return "\(shown) (did you mean '\(guess)'?)"
    }
    return shown
  }

  /// How the `${VAR}` references of a value are read.
  enum References {
    /// Expanded; the values taken are secrets, masked in every output.
    case secret
    /// Expanded; the value is a location (the output folder) that every
    /// output names, so it is not a secret.
    case location
    /// Refused: the key (`job`, a server's `name`) names or labels
    /// reports, files and findings, where a secret could not be masked.
    case refused(key: String)
  }

  /// The scalar's text after interpolation.
  /// - Parameter expected: what the key wants, as in "expected a string".
  mutating func text(
    _ node: YAMLNode, expected: String, references: References = .secret
  ) -> String? {
    guard let scalar = node.scalar else {
      report("expected \(expected), found \(node.kindDescription)",
        at: node.mark)
      return nil
    }
    guard !scalar.isNull else {
      report("expected \(expected), found nothing", at: node.mark)
      return nil
    }
    do {
      switch references {
      case .secret: return try interpolation.expand(scalar.value)
      case .location:
        return try interpolation.expand(scalar.value, isSecret: false)
      case .refused(let key):
        return try Interpolation.literal(scalar.value, key: key)
      }
    } catch {
      report(error.message, at: node.mark)
      return nil
    }
  }

  /// A string that must not be empty.
  mutating func string(
    _ node: YAMLNode, references: References = .secret
  ) -> String? {
    let value = text(node, expected: "a string", references: references)
    guard let value else { return nil }
    guard !value.isEmpty else {
      report("expected a string, found an empty one", at: node.mark)
      return nil
    }
    return value
  }

  mutating func boolean(_ node: YAMLNode) -> Bool? {
    let expected = "true or false"
    guard let value = text(node, expected: expected) else { return nil }
    switch value {
    case "true": return true
    case "false": return false
    default:
      report(mismatch(expected, node), at: node.mark)
      return nil
    }
  }

  mutating func integer(
    _ node: YAMLNode, key: String, in range: ClosedRange<Int>
  ) -> Int? {
    let expected = "a whole number"
    guard let value = text(node, expected: expected) else { return nil }
    guard let number = Int(value) else {
      report(mismatch(expected, node), at: node.mark)
      return nil
    }
    guard range.contains(number) else {
      report(
        "'\(key)' must be between \(range.lowerBound) and "
          + "\(range.upperBound), found '\(shown(node))'",
        at: node.mark)
      return nil
    }
    return number
  }

  mutating func duration(_ node: YAMLNode, allowsZero: Bool) -> Duration? {
    let expected = "a duration such as 30s or 250ms"
    guard let value = text(node, expected: expected) else { return nil }
    guard let duration = DurationText.parse(value) else {
      let problem = DurationText.isTooLarge(value)
        ? "duration '\(value)' is too large; write at most 12 digits, in a larger "
          + "unit if need be (ms, s, m, h)"
        : mismatch(expected, node)
      report(problem, at: node.mark)
      return nil
    }
    guard allowsZero || duration > .zero else {
      report(mismatch("a duration longer than zero", node), at: node.mark)
      return nil
    }
    return duration
  }

  mutating func size(_ node: YAMLNode) -> Int? {
    let expected = "a size such as 16MiB, 512KiB or a number of bytes"
    guard let value = text(node, expected: expected) else { return nil }
    guard let bytes = SizeText.parse(value) else {
      let problem = SizeText.isTooLarge(value)
        ? "size '\(value)' is too large; no message comes near it (the "
          + "default max_message is 16MiB)"
        : mismatch(expected, node)
      report(problem, at: node.mark)
      return nil
    }
    guard bytes > 0 else {
      report(mismatch("a size larger than zero", node), at: node.mark)
      return nil
    }
    return bytes
  }

  /// One of the raw values of `Choice`, with a suggestion when misspelt.
  mutating func choice<Choice: RawRepresentable & CaseIterable>(
    _ node: YAMLNode, _ what: String, as type: Choice.Type
  ) -> Choice? where Choice.RawValue == String {
    let names = Choice.allCases.map(\.rawValue)
    let expected = "one of " + names.joined(separator: ", ")
    guard let value = text(node, expected: expected) else { return nil }
    if let choice = Choice(rawValue: value) {
      return choice
    }
    var message = "unknown \(what) '\(shown(node))'"
    if let guess = suggestion(for: value, among: names, node) {
      message += " (did you mean '\(guess)'?)"
    } else {
      message += "; expected \(expected)"
    }
    report(message, at: node.mark)
    return nil
  }

  /// A non-empty list of distinct `Choice` values, in the order written.
  mutating func choices<Choice: RawRepresentable & CaseIterable & Equatable>(
    _ node: YAMLNode, _ what: String, example: String, as type: Choice.Type
  ) -> [Choice] where Choice.RawValue == String {
    guard let items = items(node, example: example) else { return [] }
    guard !items.isEmpty else {
      report("expected at least one \(what) in a list such as \(example)",
        at: node.mark)
      return []
    }
    var result: [Choice] = []
    for item in items {
      guard let value = choice(item, what, as: type) else { continue }
      guard !result.contains(value) else {
        report("'\(value.rawValue)' is listed twice", at: item.mark)
        continue
      }
      result.append(value)
    }
    return result
  }

  /// The items of a list, each still to be read.
  mutating func items(_ node: YAMLNode, example: String) -> [YAMLNode]? {
    guard case .sequence(let items) = node.content else {
      let found = node.kindDescription
      report("expected a list such as \(example), found \(found)",
        at: node.mark)
      return nil
    }
    return items
  }

  /// A list of strings; numbers and other plain scalars become their text.
  mutating func strings(
    _ node: YAMLNode, example: String, references: References = .secret
  ) -> [String]? {
    guard let items = items(node, example: example) else { return nil }
    let values = items.map {
      text($0, expected: "a string", references: references)
    }
    return values.contains(nil) ? nil : values.compactMap { $0 }
  }

  /// A mapping from names to strings, such as `env` or `headers`: every
  /// key is kept as data (`x-` keys too), every value read as a string.
  mutating func stringMap(
    _ node: YAMLNode, what: String, isValidName: (String) -> Bool
  ) -> [String: String]? {
    guard case .mapping(let pairs) = node.content else {
      report("expected a mapping of \(what), found \(node.kindDescription)",
        at: node.mark)
      return nil
    }
    var result: [String: String] = [:]
    var failed = false
    for pair in pairs {
      guard let name = pair.keyText, isValidName(name) else {
        let shownKey = pair.keyText.map { "'\(Quoting.short($0))'" }
          ?? pair.key.kindDescription
        report("\(shownKey) is not a valid \(what) name", at: pair.key.mark)
        failed = true
        continue
      }
      if pair.value.scalar?.isNull == true {
        report("'\(Quoting.short(name))' has no value; "
          + "write \"\" for an empty string", at: pair.value.mark)
        failed = true
        continue
      }
      guard let value = text(pair.value, expected: "a string") else {
        failed = true
        continue
      }
      result[name] = value
    }
    return failed ? nil : result
  }

  /// The closest of `names` to `value`, but only when `value` is written
  /// literally: a guess near an interpolated value would tell what the
  /// secret looks like.
  func suggestion(
    for value: String, among names: [String], _ node: YAMLNode
  ) -> String? {
    guard node.scalar?.value == value else { return nil }
    return Suggestion.closest(to: value, among: names)
  }

  /// The value as written in the file, shortened for a message.
  func shown(_ node: YAMLNode) -> String {
    Quoting.short(node.scalar?.value ?? "")
  }

  func mismatch(_ expected: String, _ node: YAMLNode) -> String {
    "expected \(expected), found '\(shown(node))'"
  }
}
