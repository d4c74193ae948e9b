import CFuzzer
import SealFormat

/// The dotenv parser of `import`. Property: what it accepts is a list of valid, distinct
/// names with values (never empty), and no problem quotes text that is not a valid name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDotenv(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = SecretBytes(copying: UnsafeRawBufferPointer(start: data, count: size))
  do {
    let entries = try Dotenv.parse(input, path: "fuzz.env")
    for entry in entries where entry.value.bytes.count == 0 { fatalError("an empty value was accepted") }
  } catch {
    for problem in error.items where !problem.message.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) {
      fatalError("a problem holds a control byte: \(problem.message)")
    }
  }
  return 0
}

/// SwiftPM links an executable's entry point as `main`: hand over to libFuzzer's driver.
@_cdecl("FuzzDotenv_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var (argc, argv) = (argc, Optional(argv))
  return LLVMFuzzerRunDriver(&argc, &argv) { fuzzDotenv($0!, $1) }
}
