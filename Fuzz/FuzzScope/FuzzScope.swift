import CFuzzer
import SealFormat
import SealYAML

/// The strict YAML reader, the fast reader of canonical files and the scope-file schema.
/// Properties: a file that reads is written back in canonical form that reads to the same
/// secrets, and canonical form is a fixed point; the fast reader takes a file only when the
/// strict reader (a read with no scope given) accepts it as canonical, reading the same
/// entries at the same places, and takes every canonical form whose names need no quotes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? VaultConfig(reading: bytes, path: "sealvault.yaml")
  let fast = CanonicalScope.entries(bytes, scope: .global)
  guard let document = try? ScopeDocument(reading: bytes, path: "global.yaml", scope: nil) else {
    if fast != nil { fatalError("the fast reader took a file the strict reader refuses") }
    return 0
  }
  if let fast, document.scope != .global || document.firstNonCanonicalLine != nil || fast != document.entriesRead {
    fatalError("the fast reader read a file otherwise than the strict reader")
  }
  let canonical = document.canonicalBytes()
  let quoted = document.secrets.contains { YAMLTypes.scalar($0.name.text) != $0.name.text }
  if !quoted, CanonicalScope.entries(canonical, scope: document.scope) == nil {
    fatalError("the fast reader refused a canonical file")
  }
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
