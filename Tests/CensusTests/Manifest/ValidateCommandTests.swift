import Glibc
import Testing

@testable import Census

@Suite struct ValidateCommandTests {
  /// Runs `validate` and returns its exit code, stdout and stderr.
  func validate(_ paths: [String]) -> (Int32, [String], [String]) {
    var output: [String] = []
    var errors: [String] = []
    let code = ValidateCommand.run(
      paths: paths, environment: [:],
      standardOutput: { output.append($0) },
      standardError: { errors.append($0) })
    return (code, output, errors)
  }

  @Test func summarisesAValidManifest() {
    let path = ManifestFixtures.path("valid/every-key.yaml")
    let (code, output, errors) = validate([path])

    #expect(code == 0)
    #expect(errors.isEmpty)
    #expect(output == [
      "\(path): ok: job 'nightly-inventory.v2_1', 5 servers (4 enabled); "
        + "concurrency 8, timeout 45s, startup_timeout 2m, retries 3, "
        + "retry_delay 250ms, job_timeout 1h, max_message 512KiB",
    ])
  }

  @Test func checksEveryFileAndFailsForAnyInvalidOne() {
    let valid = ManifestFixtures.path("valid/anchors.yaml")
    let invalid = ManifestFixtures.path("errors/unknown-key.yaml")
    let (code, output, errors) = validate([invalid, valid, invalid])

    #expect(code == 2)
    #expect(output.count == 1)
    #expect(errors.count == 2)
    #expect(errors[0].hasPrefix("\(invalid):4:5: error: "))
  }

  @Test func refusesToRunWithoutFiles() {
    let (code, output, errors) = validate([])
    #expect(code == 2)
    #expect(output.isEmpty)
    #expect(errors == ["usage: mcp-census validate MANIFEST..."])
  }

  @Test func validatesAThousandServers() throws {
    let path = "/tmp/mcp-census-1000-\(getpid()).yaml"
    let text = Self.manifest(servers: 1000)
    let file = try #require(fopen(path, "w"))
    fputs(text, file)
    fclose(file)
    defer { unlink(path) }

    let (code, output, errors) = validate([path])
    #expect(code == 0)
    #expect(errors.isEmpty)
    #expect(output.first?.contains("1000 servers (500 enabled)") == true)
  }

  /// A manifest with `count` servers, alternating stdio and HTTP.
  static func manifest(servers count: Int) -> String {
    var text = """
      version: 1
      job: thousand
      limits: {concurrency: 64, timeout: 20s}
      servers:

      """
    for index in 0..<count where index % 2 == 0 {
      text += """
          - name: stdio-\(index)
            command: mcp-server-time
            args: [--local-timezone, UTC]
            env: {TZ: UTC, COUNTRY: NO}
            tags: [core, generated]
            timeout: 10s

        """
    }
    for index in 0..<count where index % 2 == 1 {
      text += """
          - name: http-\(index)
            url: https://example.invalid/mcp/\(index)
            headers: {Authorization: "Bearer abc"}
            enabled: false

        """
    }
    return text
  }
}
