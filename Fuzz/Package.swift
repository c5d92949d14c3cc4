// swift-tools-version:6.0
// The fuzz target over the manifest loader, kept out of the main package so
// that plain `swift build` and `swift test` never see an executable without
// a `main`. It uses the main package's library, built with the fuzzer's
// instrumentation like everything else here. Run `make fuzz`.
import PackageDescription

let package = Package(
  name: "mcp-census-fuzz",
  dependencies: [.package(name: "mcp-census", path: "..")],
  targets: [
    .executableTarget(
      name: "ManifestFuzzer",
      dependencies: [.product(name: "Census", package: "mcp-census")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ),
  ],
  swiftLanguageModes: [.v6]
)
