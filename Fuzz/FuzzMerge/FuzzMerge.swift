import CFuzzer
import SealFormat

/// The merge driver on three inputs (base, ours, theirs, split at NUL bytes, which no
/// scope file holds). Properties: without conflicts the result is the canonical file of
/// exactly the names each side's changes leave; with conflicts it is refused by the reader
/// as conflict markers, naming no other problem.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMerge(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false)
  guard parts.count == 3 else { return 0 }
  guard let ours = try? ScopeDocument(reading: Array(parts[1]), path: "global.yaml", scope: nil),
    let theirs = try? ScopeDocument(reading: Array(parts[2]), path: "global.yaml", scope: ours.scope)
  else { return 0 }
  let base: ScopeDocument
  if parts[0].isEmpty {
    base = ScopeDocument(scope: ours.scope)
  } else if let read = try? ScopeDocument(reading: Array(parts[0]), path: "global.yaml", scope: ours.scope) {
    base = read
  } else {
    return 0
  }
  let result = ScopeMerge.merge(base: base, ours: ours, theirs: theirs)
  do {
    let merged = try ScopeDocument(reading: result.bytes, path: "global.yaml", scope: ours.scope)
    guard result.conflicts.isEmpty else { fatalError("a conflicted merge reads as a scope file") }
    guard merged.canonicalBytes() == result.bytes else { fatalError("a clean merge is not canonical") }
    let names = Set(base.secrets.map(\.name) + ours.secrets.map(\.name) + theirs.secrets.map(\.name))
    for name in names {
      let (b, o, t) = (base[name], ours[name], theirs[name])
      let expected = o == b ? t : o
      guard merged[name] == expected else { fatalError("\(name) merged to the wrong token") }
    }
  } catch {
    guard !result.conflicts.isEmpty, error.items.allSatisfy({ $0.kind == .conflictMarker }) else {
      fatalError("merge result refused: \(error)")
    }
  }
  return 0
}

/// SwiftPM links an executable's entry point as `main`: hand over to libFuzzer's driver.
@_cdecl("FuzzMerge_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var (argc, argv) = (argc, Optional(argv))
  return LLVMFuzzerRunDriver(&argc, &argv) { fuzzMerge($0!, $1) }
}
