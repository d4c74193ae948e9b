// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "sealvault",
  products: [
    .library(name: "SealFormat", targets: ["SealFormat", "SealFiles"]),
    .executable(name: "sealvault", targets: ["sealvault"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // `make docs` builds the DocC catalog of SealFormat; nothing else uses it.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
    // The layers: each may import only the targets named here, so an arrow that must not
    // exist (YAML knowing tokens, crypto knowing scopes) is a compile error.
    .target(name: "SealCore"),
    .target(name: "SealCrypto", dependencies: ["CSodium"]),
    .target(name: "SealYAML", dependencies: ["SealCore", "CYaml"]),
    .target(name: "SealFormat", dependencies: ["SealCore", "SealCrypto", "SealYAML"]),
    // The only library target that touches the disk: a vault directory as `VaultFiles`.
    .target(name: "SealFiles", dependencies: ["SealFormat"]),
    .executableTarget(
      name: "sealvault",
      dependencies: [
        "SealFormat", "SealFiles", "CProcess",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Golden files and fixtures are read from the source tree (#filePath), not bundled.
    .testTarget(
      name: "SealFormatTests", dependencies: ["SealFormat", "SealYAML", "SealCrypto"], exclude: ["Golden", "Fixtures"]),
    .testTarget(
      name: "sealvaultTests", dependencies: ["sealvault", "SealFormat", "SealFiles"], exclude: ["Golden", "Hostile"]),
    // `make bench`'s in-process loops (Benchmarks/run.sh).
    .executableTarget(
      name: "sealvault-bench", dependencies: ["SealFormat", "SealCrypto"], path: "Benchmarks/InProcess"),
    // Fails the `n`th write or fsync to a regular file (or every create) in a program it is
    // preloaded into: the fault tests' disk-full and read-only vault.
    .target(name: "FaultInjection", path: "Tests/FaultInjection"),
  ]
)

// Tests/FaultInjection as a shared object for LD_PRELOAD.
package.products.append(.library(name: "FaultInjection", type: .dynamic, targets: ["FaultInjection"]))

// The libFuzzer targets (Fuzz/README.md), only for Fuzz/build.sh, which sets SEALVAULT_FUZZ and
// builds them with `-sanitize=fuzzer,address`: an ordinary build never compiles them.
if Context.environment["SEALVAULT_FUZZ"] != nil {
  package.targets.append(.systemLibrary(name: "CFuzzer", path: "Fuzz/CFuzzer"))
  for name in ["FuzzScope", "FuzzToken", "FuzzTemplate", "FuzzDotenv", "FuzzMerge", "FuzzMasker"] {
    package.targets.append(
      .executableTarget(name: name, dependencies: ["SealFormat", "SealYAML", "CFuzzer"], path: "Fuzz/\(name)"))
  }
}
