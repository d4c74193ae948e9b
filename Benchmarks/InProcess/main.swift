import Foundation
import SealCrypto
import SealFormat

/// `sealvault-bench FILE KEY_FILE`: the in-process loops of `make bench`, each a ratio
/// against a baseline timed in the same run (best of five): reading a canonical scope file
/// by the fast reader against the strict YAML reader, and decoding its tokens by the table
/// against libsodium's decoder.
let arguments = CommandLine.arguments
guard arguments.count == 3, let bytes = FileManager.default.contents(atPath: arguments[1]).map(Array.init) else {
  FileHandle.standardError.write(Data("usage: sealvault-bench SCOPE_FILE KEY_FILE\n".utf8))
  exit(2)
}

/// The best of five runs of `body`, in seconds.
func best(_ body: () -> Void) -> Double {
  (0..<5).map { _ in
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }.min()!
}

func row(_ what: String, _ measured: Double, _ baseline: String, _ base: Double) {
  print(
    "| \(what) | \(String(format: "%.1f ms", measured * 1000)) | \(baseline): \(String(format: "%.1f ms", base * 1000)) | \(String(format: "%.2f", base / measured))× faster |"
  )
}

let scope = Scope.workflow(WorkflowID("w")!)
let fast = try ScopeDocument(reading: bytes, path: arguments[1], scope: scope)
print("| in process, \(fast.count) secrets | measured | baseline | ratio |")
print("|---|---|---|---|")
let fastTime = best { _ = try! ScopeDocument(reading: bytes, path: arguments[1], scope: scope) }
// With no scope given (a merge driver's file) the strict reader reads every file.
let strictTime = best { _ = try! ScopeDocument(reading: bytes, path: arguments[1], scope: nil) }
row("read the file: the fast reader of canonical files", fastTime, "the strict YAML reader", strictTime)

let texts = fast.secrets.map { Array($0.token.text.utf8.drop { $0 != UInt8(ascii: ":") }.dropFirst(18)) }
let table = best {
  for text in texts { _ = text.withUnsafeBufferPointer { Base64.decode($0, maxLength: 1 << 17) } }
}
var out = [UInt8](repeating: 0, count: 1 << 17)
let sodium = best {
  for text in texts {
    _ = text.withUnsafeBytes { input in out.withUnsafeMutableBytes { Base64.decode(secret: input, into: $0) } }
  }
}
row("decode every token's base64: the table", table, "libsodium's decoder", sodium)
