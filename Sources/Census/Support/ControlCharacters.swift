extension Unicode.Scalar {
  /// A C0 or C1 control character, U+0000 to U+001F or U+007F to U+009F:
  /// what may end a line, move a terminal's cursor or hide text.
  var isControlCharacter: Bool {
    value < 0x20 || (0x7F...0x9F).contains(value)
  }
}
