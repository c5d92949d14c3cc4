// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "mcp-census",
  products: [
    .executable(name: "mcp-census", targets: ["mcp-census"]),
    // For the fuzz package in Fuzz/, which builds it with a sanitizer.
    .library(name: "Census", targets: ["Census"]),
  ],
  targets: [
    .systemLibrary(
      name: "CYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    // libcurl's headers; the library itself is loaded on first use.
    .target(name: "CCurl"),
    // libcrypto, for SHA-256.
    .systemLibrary(
      name: "CCrypto",
      pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    .target(name: "CSystem"),
    .target(name: "Census", dependencies: ["CYAML", "CCurl", "CCrypto", "CSystem"]),
    .executableTarget(name: "mcp-census", dependencies: ["Census"]),
    // A long run over many misbehaving servers; `make soak` and a test run it.
    .executableTarget(name: "census-soak", dependencies: ["Census"], path: "Tests/Soak"),
    .testTarget(
      name: "CensusTests", dependencies: ["Census"], exclude: ["Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
