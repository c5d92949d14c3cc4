/// A request to send: method, URL, headers in order, and a body.
struct HTTPRequest: Sendable {
  var method: String
  var url: HTTPURL
  private(set) var headers: [(name: String, value: String)] = []
  var body: [UInt8]?

  init(_ method: String, _ url: HTTPURL, body: [UInt8]? = nil) {
    self.method = method
    self.url = url
    self.body = body
  }

  /// Sets a header, replacing one of the same name in any case; nil
  /// removes it.
  mutating func setHeader(_ name: String, to value: String?) {
    let lower = name.lowercased()
    headers.removeAll { $0.name.lowercased() == lower }
    if let value { headers.append((name, value)) }
  }
}

/// The status line and headers of a final (not 1xx) response.
struct HTTPResponse: Sendable {
  var statusCode: Int
  var headers: [(name: String, value: String)]

  /// The first value of a header, its name in any case.
  func header(_ name: String) -> String? {
    let lower = name.lowercased()
    return headers.first { $0.name.lowercased() == lower }?.value
  }
}

/// Collects a response head from the lines libcurl hands over one by one:
/// a status line, header lines, a blank line, maybe once per interim 1xx
/// response before the final one.
struct HTTPHeadParser {
  private var statusCode: Int?
  private var headers: [(name: String, value: String)] = []

  /// Takes one line (with its CRLF); returns the head once it is complete.
  mutating func take(_ line: [UInt8]) -> HTTPResponse? {
    var text = Substring(String(decoding: line, as: UTF8.self))
    while let last = text.last, last == "\r\n" || last == "\n" || last == "\r" {
      text = text.dropLast()
    }
    guard let statusCode else {
      if text.hasPrefix("HTTP/") {
        let fields = text.split(separator: " ", maxSplits: 2)
        statusCode = fields.count > 1 ? Int(fields[1]) : nil
      }
      return nil
    }

    if text.isEmpty {
      defer { reset() }
      let interim = (100..<200).contains(statusCode) && statusCode != 101
      return interim ? nil : HTTPResponse(statusCode: statusCode, headers: headers)
    }
    if let colon = text.firstIndex(of: ":") {
      let name = text[..<colon].trimmingSpaces
      let value = text[text.index(after: colon)...].trimmingSpaces
      headers.append((String(name), String(value)))
    }
    return nil
  }

  private mutating func reset() {
    statusCode = nil
    headers = []
  }
}
