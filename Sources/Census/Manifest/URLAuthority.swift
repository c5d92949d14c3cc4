/// The parts of a url up to its path, read over Unicode scalars: the one
/// reading that masking, MCP010, MCP011 and the manifest's url check share.
///
/// Scalars, not Characters: a combining mark after `/` joins it into one
/// grapheme cluster, which a Character-based reading would not see as the
/// end of the authority, while libcurl (reading bytes) does.
///
/// `scheme://user:password@host:port/rest`; every part is a slice of the
/// text read, so its indices locate it there.
struct URLAuthority {
  /// What comes before `://`.
  var scheme: Substring
  /// Before the first `:` of the userinfo; nil without an `@`.
  var user: Substring?
  /// After that `:`; nil when the userinfo has none.
  var password: Substring?
  /// The host: a name, an address, or `[` an IPv6 address `]` (brackets
  /// kept, and an unclosed one running to the port or the end).
  var host: Substring
  /// After the `:` that follows the host, maybe empty (`http://host:/`);
  /// nil without that `:`.
  var port: Substring?
  /// Between the userinfo's `@` (or `://`) and the path.
  var hostAndPort: Substring
  /// The path, query and fragment, from the first `/`, `?` or `#` on.
  var rest: Substring

  /// Reads a text that is a url from its first character: nil unless
  /// `scheme://` opens it.
  init?(url text: String) {
    guard let parts = URLAuthority(text), parts.scheme.startIndex == text.startIndex
    else { return nil }
    self = parts
  }

  /// Reads the first `scheme://` in `text` and the authority after it;
  /// nil when there is no `://`.
  init?(_ text: String) {
    let scalars = text.unicodeScalars
    guard let separator = Self.firstSeparator(in: scalars) else { return nil }
    let start = scalars.index(separator, offsetBy: 3)
    let end = scalars[start...].firstIndex { "/?#".unicodeScalars.contains($0) }
      ?? scalars.endIndex
    scheme = Substring(scalars[..<separator])
    rest = Substring(scalars[end...])

    var hostStart = start
    if let at = scalars[start..<end].lastIndex(of: "@") {
      let info = scalars[start..<at]
      let colon = info.firstIndex(of: ":")
      user = Substring(info[..<(colon ?? at)])
      password = colon.map { Substring(info[scalars.index(after: $0)...]) }
      hostStart = scalars.index(after: at)
    }
    let authority = scalars[hostStart..<end]
    hostAndPort = Substring(authority)

    let hostEnd = authority.first == "["
      ? authority.firstIndex(of: "]").map { scalars.index(after: $0) } ?? end
      : authority.firstIndex(of: ":") ?? end
    host = Substring(scalars[hostStart..<hostEnd])
    if hostEnd < end, scalars[hostEnd] == ":" {
      port = Substring(scalars[scalars.index(after: hostEnd)..<end])
    }
  }

  private static func firstSeparator(
    in scalars: String.UnicodeScalarView
  ) -> String.Index? {
    var index = scalars.startIndex
    while index < scalars.endIndex {
      if scalars[index...].starts(with: "://".unicodeScalars) { return index }
      index = scalars.index(after: index)
    }
    return nil
  }
}
