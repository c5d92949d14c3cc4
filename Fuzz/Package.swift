// swift-tools-version:6.0
// The fuzz target over the manifest loader, kept out of the main package so
// that plain `swift build` and `swift test` never see an executable without
// a `main`. Its sources are links into the main package. Run `make fuzz`.
import PackageDescription

let package = Package(
  name: "mcp-census-fuzz",
  targets: [
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1"),
    .executableTarget(
      name: "ManifestFuzzer",
      dependencies: ["CYAML"],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ),
  ],
  swiftLanguageModes: [.v6]
)
