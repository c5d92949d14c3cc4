/// Words for libyaml's failures, closer to what a manifest author did.
enum LibYAMLMessages {
  /// The message and position for a libyaml failure in `source`.
  static func describe(
    _ failure: LibYAMLFailure, in source: SourceText
  ) -> (String, SourceMark) {
    let (message, mark) = described(failure, in: source)
    // libyaml notices a bracket or quote left open only at the end of the
    // file, past the last line: point at where the open one started.
    let line = mark.line >= 1 && mark.line <= source.lines.count
      ? source.lines[mark.line - 1] : ""
    if line.allSatisfy(\.isWhitespace), let start = failure.contextMark {
      return (message, start)
    }
    return (message, mark)
  }

  private static func described(
    _ failure: LibYAMLFailure, in source: SourceText
  ) -> (String, SourceMark) {
    if let offset = failure.offset {
      return (readerMessage(failure), source.mark(atByte: offset))
    }
    if let tab = tabInIndentation(near: failure.mark, in: source) {
      return ("tab character in indentation; YAML indents with spaces", tab)
    }
    if let known = commonMistake(failure) { return known }
    var problem = failure.problem
    if problem.hasPrefix("did not find expected ") {
      problem = "expected " + problem.dropFirst("did not find expected ".count)
    }
    guard let context = failure.context else { return (problem, failure.mark) }
    let flows = [
      "while parsing a flow sequence": ("sequence", "["),
      "while parsing a flow mapping": ("mapping", "{"),
    ]
    if let (kind, bracket) = flows[context], let start = failure.contextMark {
      return (
        "unclosed flow \(kind): \(problem) to close the '\(bracket)' "
          + "at line \(start.line), column \(start.column)",
        failure.mark)
    }
    let place = failure.contextMark.map {
      " (\(context.dropFirst("while ".count)) at line \($0.line))"
    } ?? ""
    return (problem + place, failure.mark)
  }

  /// The failures hand-written manifests meet most, in their authors'
  /// terms: a quote left open, a line indented to the wrong column, a
  /// colon where YAML does not expect one.
  private static func commonMistake(_ failure: LibYAMLFailure) -> (String, SourceMark)? {
    let start = failure.contextMark
    let at = start.map { "line \($0.line), column \($0.column)" } ?? "above"
    switch (failure.problem, failure.context) {
    case ("found unexpected end of stream", "while scanning a quoted scalar"):
      return (
        "unclosed quote: the string that starts here never ends; close it "
          + "with the same quote",
        start ?? failure.mark)
    case ("did not find expected '-' indicator", "while parsing a block collection"):
      return (
        "expected a '-' item here, in line with the list at \(at); a line "
          + "that belongs to the item above is indented past its '-'",
        failure.mark)
    case ("did not find expected key", "while parsing a block mapping"):
      return (
        "this line does not line up with the keys of the mapping at \(at); "
          + "indent keys of one mapping to the same column",
        failure.mark)
    case ("mapping values are not allowed in this context", _):
      return (
        "unexpected ':' here: the line is indented past the key above it, or a "
          + "plain value holds ': ' (quote such a value)",
        failure.mark)
    default:
      return nil
    }
  }

  private static func readerMessage(_ failure: LibYAMLFailure) -> String {
    if failure.problem.contains("UTF-8") {
      return "invalid UTF-8: manifests must be UTF-8 text"
    }
    return failure.problem
  }

  /// The column of a tab in the leading whitespace of the failing line or
  /// the line before it, where libyaml tends to notice the damage.
  private static func tabInIndentation(
    near mark: SourceMark, in source: SourceText
  ) -> SourceMark? {
    for line in [mark.line, mark.line - 1] {
      guard line >= 1, line <= source.lines.count else { continue }
      let text = source.lines[line - 1]
      let lead = text.prefix { $0 == " " || $0 == "\t" }
      guard let tab = lead.firstIndex(of: "\t") else { continue }
      let column = text.distance(from: text.startIndex, to: tab) + 1
      return SourceMark(line: line, column: column)
    }
    return nil
  }
}
