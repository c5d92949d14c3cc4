import CYAML

/// One event of libyaml's event stream, copied into Swift values so that no
/// pointer into libyaml memory outlives the call that produced it.
enum YAMLEvent {
  case streamStart
  case streamEnd
  case documentStart(mark: SourceMark)
  case documentEnd
  case alias(anchor: String, mark: SourceMark)
  case scalar(YAMLScalar, anchor: String?)
  case sequenceStart(anchor: String?, tag: String?, mark: SourceMark)
  case sequenceEnd
  case mappingStart(anchor: String?, tag: String?, mark: SourceMark)
  case mappingEnd
}

/// A failure reported by libyaml, with its position already made 1-based.
struct LibYAMLFailure: Error {
  var mark: SourceMark
  var problem: String
  var context: String?
  var contextMark: SourceMark?
  /// Byte offset of the problem, set for reader errors (bad encoding).
  var offset: Int?
}

/// Owns a `yaml_parser_t` and the bytes it reads, and hands out events.
///
/// The input is copied into memory this class allocates, so the parser's
/// pointer to it stays valid for exactly as long as the parser lives.
final class LibYAMLParser {
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeMutableBufferPointer<UInt8>
  private let event = LibYAMLEvent()

  init(bytes: [UInt8]) {
    parser = .allocate(capacity: 1)
    input = .allocate(capacity: max(bytes.count, 1))
    _ = input.initialize(from: bytes)
    yaml_parser_initialize(parser)
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
    input.deallocate()
  }

  /// The next event of the stream.
  /// - Throws: `LibYAMLFailure` when the text is not well-formed YAML.
  func nextEvent() throws(LibYAMLFailure) -> YAMLEvent {
    guard yaml_parser_parse(parser, event.pointer) == 1 else {
      throw failure()
    }
    defer { event.clear() }
    return event.copied()
  }

  private func failure() -> LibYAMLFailure {
    let state = parser.pointee
    let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
    var result = LibYAMLFailure(
      mark: state.problem_mark.sourceMark, problem: problem)
    if let context = state.context {
      result.context = String(cString: context)
      result.contextMark = state.context_mark.sourceMark
    }
    if state.error == YAML_READER_ERROR {
      result.offset = state.problem_offset
    }
    return result
  }
}

/// Owns a `yaml_event_t`, deleting whatever it holds when cleared or freed.
final class LibYAMLEvent {
  let pointer: UnsafeMutablePointer<yaml_event_t>

  init() {
    pointer = .allocate(capacity: 1)
    pointer.initialize(to: yaml_event_t())
  }

  deinit {
    clear()
    pointer.deallocate()
  }

  /// Frees the strings libyaml allocated for the current event.
  func clear() {
    yaml_event_delete(pointer)
  }

  /// The current event as Swift values.
  func copied() -> YAMLEvent {
    let raw = pointer.pointee
    let mark = raw.start_mark.sourceMark
    switch raw.type {
    case YAML_STREAM_START_EVENT:
      return .streamStart
    case YAML_DOCUMENT_START_EVENT:
      return .documentStart(mark: mark)
    case YAML_DOCUMENT_END_EVENT:
      return .documentEnd
    case YAML_ALIAS_EVENT:
      let anchor = string(raw.data.alias.anchor) ?? ""
      return .alias(anchor: anchor, mark: mark)
    case YAML_SCALAR_EVENT:
      let data = raw.data.scalar
      let value = String(
        decoding: UnsafeBufferPointer(start: data.value, count: data.length),
        as: UTF8.self)
      let scalar = YAMLScalar(
        value: value, style: YAMLScalar.Style(data.style),
        tag: string(data.tag), mark: mark)
      return .scalar(scalar, anchor: string(data.anchor))
    case YAML_SEQUENCE_START_EVENT:
      let data = raw.data.sequence_start
      return .sequenceStart(
        anchor: string(data.anchor), tag: string(data.tag), mark: mark)
    case YAML_SEQUENCE_END_EVENT:
      return .sequenceEnd
    case YAML_MAPPING_START_EVENT:
      let data = raw.data.mapping_start
      return .mappingStart(
        anchor: string(data.anchor), tag: string(data.tag), mark: mark)
    case YAML_MAPPING_END_EVENT:
      return .mappingEnd
    default:
      return .streamEnd
    }
  }

  private func string(
    _ pointer: UnsafeMutablePointer<yaml_char_t>?
  ) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }
}

extension yaml_mark_t {
  /// libyaml counts lines and columns from zero; people count from one.
  var sourceMark: SourceMark {
    SourceMark(line: line + 1, column: column + 1)
  }
}
