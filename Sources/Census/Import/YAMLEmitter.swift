import CYAML

/// A YAML document to write: what `import` builds before emitting it.
indirect enum YAMLOutput {
  /// A string, always written double-quoted so no value can change type
  /// (`NO`, `1.0`) or break the document.
  case string(String)
  /// A number or boolean, written plain.
  case plain(String)
  /// A sequence on one line: `[a, b]`.
  case flowSequence([YAMLOutput])
  case sequence([YAMLOutput])
  case mapping([(String, YAMLOutput)])
}

/// Why libyaml refused to emit a document (a bug of ours, not the input).
struct YAMLEmitterError: Error, CustomStringConvertible {
  var problem: String
  var description: String { "cannot write YAML: \(problem)" }
}

/// Writes `YAMLOutput` through libyaml's emitter, which escapes and quotes
/// every scalar correctly. Owns its `yaml_emitter_t` for one document.
final class YAMLEmitter {
  private let emitter: UnsafeMutablePointer<yaml_emitter_t>
  private let output = OutputBuffer()
  private let event: UnsafeMutablePointer<yaml_event_t>

  /// Collects what libyaml writes; handed to its C callback as context.
  private final class OutputBuffer {
    var bytes: [UInt8] = []
  }

  init() {
    emitter = .allocate(capacity: 1)
    event = .allocate(capacity: 1)
    yaml_emitter_initialize(emitter)
    yaml_emitter_set_unicode(emitter, 1)
    yaml_emitter_set_indent(emitter, 2)
    yaml_emitter_set_width(emitter, -1)
    let context = Unmanaged.passUnretained(output).toOpaque()
    yaml_emitter_set_output(emitter, { context, buffer, size in
      guard let context, let buffer else { return 0 }
      let output = Unmanaged<OutputBuffer>.fromOpaque(context)
        .takeUnretainedValue()
      let written = UnsafeBufferPointer(start: buffer, count: size)
      output.bytes.append(contentsOf: written)
      return 1
    }, context)
  }

  deinit {
    yaml_emitter_delete(emitter)
    emitter.deallocate()
    event.deallocate()
  }

  /// The document as YAML text, ending with a line break.
  static func text(_ document: YAMLOutput) throws(YAMLEmitterError) -> String {
    let writer = YAMLEmitter()
    try writer.emit { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
    try writer.emit { yaml_document_start_event_initialize($0, nil, nil, nil, 1) }
    try writer.write(document)
    try writer.emit { yaml_document_end_event_initialize($0, 1) }
    try writer.emit { yaml_stream_end_event_initialize($0) }
    _ = yaml_emitter_flush(writer.emitter)
    return String(decoding: writer.output.bytes, as: UTF8.self)
  }

  private func write(_ node: YAMLOutput) throws(YAMLEmitterError) {
    switch node {
    case .string(let text):
      try scalar(text, style: YAML_DOUBLE_QUOTED_SCALAR_STYLE)
    case .plain(let text):
      try scalar(text, style: YAML_PLAIN_SCALAR_STYLE)
    case .flowSequence(let items), .sequence(let items):
      let style: yaml_sequence_style_t
      if case .flowSequence = node {
        style = YAML_FLOW_SEQUENCE_STYLE
      } else {
        style = YAML_BLOCK_SEQUENCE_STYLE
      }
      try emit { yaml_sequence_start_event_initialize($0, nil, nil, 1, style) }
      for item in items { try write(item) }
      try emit { yaml_sequence_end_event_initialize($0) }
    case .mapping(let pairs):
      try emit {
        yaml_mapping_start_event_initialize(
          $0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
      }
      for (key, value) in pairs {
        // A key like `<<` or `x: y` is quoted so it reads back as itself.
        let simple = !key.isEmpty && key.allSatisfy {
          $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0))
        }
        let style = simple ? YAML_ANY_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE
        try scalar(key, style: style)
        try write(value)
      }
      try emit { yaml_mapping_end_event_initialize($0) }
    }
  }

  private func scalar(
    _ text: String, style: yaml_scalar_style_t
  ) throws(YAMLEmitterError) {
    var bytes = Array(text.utf8) + [0]
    let plain: Int32 = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? 0 : 1
    try emit { event in
      bytes.withUnsafeMutableBufferPointer { buffer in
        yaml_scalar_event_initialize(
          event, nil, nil, buffer.baseAddress, Int32(buffer.count - 1),
          plain, 1, style)
      }
    }
  }

  /// Initializes the event with `make` and hands it to the emitter, which
  /// takes ownership of it (and frees it) whether or not it succeeds.
  private func emit(
    _ make: (UnsafeMutablePointer<yaml_event_t>) -> Int32
  ) throws(YAMLEmitterError) {
    guard make(event) == 1 else {
      throw YAMLEmitterError(problem: "out of memory")
    }
    guard yaml_emitter_emit(emitter, event) == 1 else {
      let problem = emitter.pointee.problem.map { String(cString: $0) }
      throw YAMLEmitterError(problem: problem ?? "unknown emitter error")
    }
  }
}
