extension UInt8 {
  /// An ASCII letter or digit: the judgement of words that must stay
  /// plain, made on bytes, where looking up Unicode properties per
  /// character costs many times more.
  var isASCIIAlphanumeric: Bool {
    switch self {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return false
    }
  }
}
