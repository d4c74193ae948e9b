import CFuzzer
import SealFormat

/// The strict YAML reader and the scope-file schema. Property: a file that reads is
/// written back in canonical form that reads to the same secrets, and canonical form is a
/// fixed point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? VaultConfig(reading: bytes, path: "sealvault.yaml")
  guard let document = try? ScopeDocument(reading: bytes, path: "global.yaml", scope: nil) else { return 0 }
  let canonical = document.canonicalBytes()
  guard let again = try? ScopeDocument(reading: canonical, path: "global.yaml", scope: document.scope) else {
    fatalError("canonical form of an accepted file does not read")
  }
  guard again.secrets.map(\.name) == document.secrets.map(\.name),
    again.secrets.map(\.token) == document.secrets.map(\.token)
  else { fatalError("canonical form reads to other secrets") }
  guard again.canonicalBytes() == canonical else { fatalError("canonical form is not a fixed point") }
  return 0
}

/// SwiftPM links an executable's entry point as `main`: hand over to libFuzzer's driver.
@_cdecl("FuzzScope_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var (argc, argv) = (argc, Optional(argv))
  return LLVMFuzzerRunDriver(&argc, &argv) { fuzzScope($0!, $1) }
}
