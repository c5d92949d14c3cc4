import CCurl

/// A libcurl multi handle and the transfers on it: the connections of one
/// server, kept alive between its requests and closed with the handle.
///
/// Only the thread that holds the owning client's driving lock calls its
/// methods, except `wake()`, which libcurl allows from any thread.
final class CurlMulti: @unchecked Sendable {  // see above
  private let handle: UnsafeMutableRawPointer
  private var transfers: [UnsafeMutableRawPointer: CurlTransfer] = [:]

  /// libcurl's global set-up, done once before the first handle.
  private static let setUp: Bool =
    ccurl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

  init?() {
    guard Self.setUp, let handle = ccurl_multi_init() else { return nil }
    self.handle = handle
  }

  deinit {
    for transfer in transfers.values {
      ccurl_multi_remove_handle(handle, transfer.handle)
    }
    transfers = [:]
    ccurl_multi_cleanup(handle)
  }

  /// Starts a transfer; it runs as `perform()` is called.
  /// - Returns: false when libcurl refused it.
  func add(_ transfer: CurlTransfer) -> Bool {
    guard ccurl_multi_add_handle(handle, transfer.handle) == CURLM_OK
    else { return false }
    transfers[transfer.handle] = transfer
    return true
  }

  /// Stops and releases the transfer of `exchange`, if it is still on.
  func remove(_ exchange: HTTPExchange) {
    guard let transfer = transfers.values.first(where: {
      $0.exchange === exchange
    }) else { return }
    ccurl_multi_remove_handle(handle, transfer.handle)
    transfers[transfer.handle] = nil
  }

  /// Moves every transfer as far as it can go without blocking, and
  /// releases the finished ones.
  /// - Returns: the finished transfers, with libcurl's result for each.
  func perform() -> [(CurlTransfer, CURLcode)] {
    var running: Int32 = 0
    var code = ccurl_multi_perform(handle, &running)
    while code == CURLM_CALL_MULTI_PERFORM {
      code = ccurl_multi_perform(handle, &running)
    }

    var finished: [(CurlTransfer, CURLcode)] = []
    var left: Int32 = 0
    while let message = ccurl_multi_info_read(handle, &left) {
      guard message.pointee.msg == CURLMSG_DONE,
        let easy = message.pointee.easy_handle,
        let transfer = transfers.removeValue(forKey: easy)
      else { continue }
      let result = message.pointee.data.result
      ccurl_multi_remove_handle(handle, easy)
      finished.append((transfer, result))
    }
    return finished
  }

  /// Blocks until a transfer's socket is ready, `descriptor` is readable,
  /// `wake()` is called or `milliseconds` pass (-1: no limit).
  func poll(alsoOn descriptor: Int32, milliseconds: Int32) {
    var extra = curl_waitfd(
      fd: descriptor, events: Int16(CURL_WAIT_POLLIN), revents: 0)
    let timeout = milliseconds < 0 ? Int32.max : milliseconds
    _ = ccurl_multi_poll(handle, &extra, 1, timeout, nil)
  }

  /// Ends a `poll` in progress, or the next one, at once. Thread-safe.
  func wake() {
    _ = ccurl_multi_wakeup(handle)
  }
}

/// One request as a libcurl easy handle, whose callbacks feed an exchange.
/// Redirects, cookies and timeouts are left off: the client follows
/// redirects itself and bounds every wait with its own deadlines.
final class CurlTransfer {
  let exchange: HTTPExchange
  let handle: UnsafeMutableRawPointer
  private var headerList: UnsafeMutablePointer<curl_slist>?
  private let errorBuffer: UnsafeMutablePointer<CChar>

  /// Prepares the exchange's request; nil when libcurl has no handle.
  init?(for exchange: HTTPExchange) {
    guard let handle = ccurl_easy_init() else { return nil }
    self.exchange = exchange
    self.handle = handle
    errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
    errorBuffer.initialize(to: 0)
    configure(exchange.request)
  }

  deinit {
    ccurl_easy_cleanup(handle)
    ccurl_slist_free_all(headerList)
    errorBuffer.deallocate()
  }

  /// libcurl's own words on the failure, possibly empty.
  var errorDetail: String { String(cString: errorBuffer) }

  private func configure(_ request: HTTPRequest) {
    set(CURLOPT_NOSIGNAL, 1)
    set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
    set(CURLOPT_PROTOCOLS_STR, "http,https")
    set(CURLOPT_URL, request.url.string)
    _ = ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)

    switch request.method {
    case "GET": break
    case "POST": set(CURLOPT_POST, 1)
    default: set(CURLOPT_CUSTOMREQUEST, request.method)
    }
    if let body = request.body {
      _ = ccurl_easy_setopt_offset(
        handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
      _ = body.withUnsafeBytes {
        ccurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)
      }
    }

    // An empty `Expect:` stops libcurl waiting for a 100 before a body.
    var lines = ["Expect:"]
    for (name, value) in request.headers {
      lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
    }
    for line in lines {
      headerList = ccurl_slist_append(headerList, line)
    }
    _ = ccurl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList)

    let context = Unmanaged.passUnretained(exchange).toOpaque()
    _ = ccurl_easy_setopt_callback(handle, CURLOPT_HEADERFUNCTION) {
      bytes, size, count, context in
      let line = UnsafeRawBufferPointer(start: bytes, count: size * count)
      return callbackExchange(context).receive(headerLine: line) ? size * count : 0
    }
    _ = ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
    _ = ccurl_easy_setopt_callback(handle, CURLOPT_WRITEFUNCTION) {
      bytes, size, count, context in
      let chunk = UnsafeRawBufferPointer(start: bytes, count: size * count)
      return callbackExchange(context).receive(body: chunk) ? size * count : 0
    }
    _ = ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
  }

  private func set(_ option: CURLoption, _ value: Int) {
    _ = ccurl_easy_setopt_long(handle, option, value)
  }

  private func set(_ option: CURLoption, _ value: String) {
    _ = ccurl_easy_setopt_pointer(handle, option, value)
  }
}

/// The exchange behind the user pointer of a libcurl callback, which may
/// capture nothing.
private func callbackExchange(
  _ context: UnsafeMutableRawPointer?
) -> HTTPExchange {
  Unmanaged<HTTPExchange>.fromOpaque(context!).takeUnretainedValue()
}
