/// Reads the JSON that MCP clients write by hand: `//` and `/* */`
/// comments and trailing commas are accepted, as VS Code and Cursor do.
///
/// A pre-pass blanks out comments and trailing commas with spaces (keeping
/// line breaks, so every byte keeps its offset) without touching strings,
/// then our strict parser reads the rest.
enum LenientJSON {
  /// A file that is not JSON even with comments allowed.
  struct Failure: Error, Equatable {
    var line: Int
    var column: Int
    var reason: String
  }

  static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
    let cleaned: [UInt8]
    do {
      cleaned = try stripped(bytes)
    } catch {
      throw position(of: error.offset, in: bytes, reason: error.reason)
    }
    do {
      return try JSONParser.parse(cleaned)
    } catch {
      throw position(of: error.offset, in: bytes, reason: error.reason)
    }
  }

  /// `bytes` with comments and trailing commas replaced by spaces.
  static func stripped(_ bytes: [UInt8]) throws(JSONParseError) -> [UInt8] {
    var output = bytes
    var index = 0
    var pendingComma: Int?
    let slash = UInt8(ascii: "/")
    let star = UInt8(ascii: "*")
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        pendingComma = nil
        index = try endOfString(bytes, from: index)
        continue
      case slash where index + 1 < bytes.count && bytes[index + 1] == slash:
        while index < bytes.count, bytes[index] != 0x0A {
          output[index] = 0x20
          index += 1
        }
        continue
      case slash where index + 1 < bytes.count && bytes[index + 1] == star:
        let start = index
        index += 2
        while index + 1 < bytes.count,
          !(bytes[index] == star && bytes[index + 1] == slash)
        {
          index += 1
        }
        guard index + 1 < bytes.count else {
          throw JSONParseError(offset: start, reason: "unclosed /* comment")
        }
        for blank in start...(index + 1) where bytes[blank] != 0x0A {
          output[blank] = 0x20
        }
        index += 2
        continue
      case UInt8(ascii: ","):
        pendingComma = index
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        if let comma = pendingComma { output[comma] = 0x20 }
        pendingComma = nil
      case 0x20, 0x09, 0x0A, 0x0D:
        break
      default:
        pendingComma = nil
      }
      index += 1
    }
    return output
  }

  /// The index just past the string that opens at `start`.
  private static func endOfString(
    _ bytes: [UInt8], from start: Int
  ) throws(JSONParseError) -> Int {
    var index = start + 1
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\\"): index += 2
      case UInt8(ascii: "\""): return index + 1
      default: index += 1
      }
    }
    throw JSONParseError(offset: start, reason: "unterminated string")
  }

  /// The 1-based line and column (in characters) of a byte offset.
  static func position(
    of offset: Int, in bytes: [UInt8], reason: String
  ) -> Failure {
    var line = 1
    var lineStart = 0
    for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    let end = min(offset, bytes.count)
    let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
    return Failure(line: line, column: column, reason: reason)
  }
}
