import Census

/// libFuzzer's entry point: feeds each input to the manifest loader.
///
/// Any input may be refused with diagnostics; what must never happen is a
/// crash, a hang, or a rendering that loses the file's path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifestLoader(
  _ data: UnsafePointer<UInt8>, _ size: Int
) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let secret = "Zq8secretXy"
  let environment = ["SET": secret, "EMPTY": ""]
  let quotesSecret = String(decoding: bytes, as: UTF8.self).contains(secret)
  do {
    let manifest = try ManifestLoader.load(
      bytes: bytes, path: "/fuzz/input.yaml", environment: environment)
    precondition(!manifest.servers.isEmpty, "a manifest without servers")
  } catch {
    precondition(!error.diagnostics.isEmpty, "errors without diagnostics")
    precondition(error.rendered.hasPrefix("/fuzz/input.yaml"))
    let messages = error.diagnostics.map(\.message).joined()
    precondition(quotesSecret || !messages.contains(secret), "secret shown")
  }
  return 0
}
