/// `mcp-census validate MANIFEST...`: checks manifests and runs nothing.
public enum ValidateCommand {
  /// Exit code when every manifest is valid.
  public static let success: Int32 = 0
  /// Exit code when any manifest is invalid (usage or manifest error).
  public static let invalid: Int32 = 2

  /// Checks every file in `paths`, even after one fails.
  ///
  /// Writes one summary line per valid file to `standardOutput` and the
  /// rendered diagnostics of each invalid one to `standardError`.
  /// - Returns: `success` when all are valid, `invalid` otherwise.
  public static func run(
    paths: [String], environment: [String: String],
    standardOutput: (String) -> Void, standardError: (String) -> Void
  ) -> Int32 {
    guard !paths.isEmpty else {
      standardError("usage: mcp-census validate MANIFEST...")
      return invalid
    }
    var status = success
    for path in paths {
      do {
        let manifest = try ManifestLoader.load(
          path: path, environment: environment)
        standardOutput(summary(of: manifest))
      } catch {
        standardError(error.rendered)
        status = invalid
      }
    }
    return status
  }

  /// One line: the file, the job, its servers and its effective limits.
  public static func summary(of manifest: Manifest) -> String {
    let enabled = manifest.servers.filter(\.enabled).count
    let count = manifest.servers.count
    let servers = count == 1 ? "1 server" : "\(count) servers"
    let limits = manifest.limits
    return "\(manifest.path): ok: job '\(manifest.job)', \(servers) "
      + "(\(enabled) enabled); concurrency \(limits.concurrency), "
      + "timeout \(DurationText.format(limits.timeout)), "
      + "startup_timeout \(DurationText.format(limits.startupTimeout)), "
      + "retries \(limits.retries), "
      + "retry_delay \(DurationText.format(limits.retryDelay)), "
      + "job_timeout \(DurationText.format(limits.jobTimeout)), "
      + "max_message \(SizeText.format(limits.maxMessage))"
  }
}
