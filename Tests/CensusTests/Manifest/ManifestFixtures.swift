import Glibc

@testable import Census

/// Finds the fixture manifests next to the tests, without SwiftPM resources.
enum ManifestFixtures {
  /// `Tests/CensusTests/Fixtures/manifests`, absolute.
  static let folder: String = {
    let file = "\(#filePath)"
    let manifestTests = file[..<(file.lastIndex(of: "/") ?? file.endIndex)]
    let tests = manifestTests[..<(manifestTests.lastIndex(of: "/")!)]
    return "\(tests)/Fixtures/manifests"
  }()

  /// The absolute path of the fixture `name`, such as `errors/empty.yaml`.
  static func path(_ name: String) -> String {
    "\(folder)/\(name)"
  }

  /// The fixture's bytes.
  static func bytes(_ name: String) -> [UInt8] {
    guard let file = fopen(path(name), "rb") else { return [] }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count == 0 { break }
      bytes += buffer[..<count]
    }
    return bytes
  }

  /// Loads fixture `name` from its bytes under the short path `name`, so
  /// messages do not depend on where the checkout lives.
  static func loadQuoted(
    _ name: String, environment: [String: String] = [:]
  ) throws(ManifestErrors) -> Manifest {
    try ManifestLoader.load(
      bytes: bytes(name), path: name, environment: environment)
  }

  /// Loads fixture `name` from its file, so relative paths in it resolve
  /// against the fixture folder.
  static func load(
    _ name: String, environment: [String: String] = [:]
  ) throws(ManifestErrors) -> Manifest {
    try ManifestLoader.load(path: path(name), environment: environment)
  }
}
