// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "sealvault",
  products: [
    .library(name: "SealFormat", targets: ["SealFormat"]),
    .executable(name: "sealvault", targets: ["sealvault"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(
      name: "CSodium",
      pkgConfig: "libsodium",
      providers: [.apt(["libsodium-dev"])]
    ),
    .systemLibrary(
      name: "CYaml",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    .systemLibrary(name: "CProcess"),
    .target(name: "SealFormat", dependencies: ["CSodium", "CYaml"]),
    .executableTarget(
      name: "sealvault",
      dependencies: [
        "SealFormat", "CProcess",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SealFormatTests", dependencies: ["SealFormat"]),
    .testTarget(name: "sealvaultTests", dependencies: ["sealvault", "SealFormat"]),
  ]
)
