import CFuzzer
import Foundation
import SealFormat

/// The template scanner and renderer, under each escaping. Properties: the render equals
/// an independent reading of CONTRACT §6 (left to right, `@@{` a literal `@{`, `@{NAME}` a
/// value or UNKNOWN, any other byte as it is); a JSON-escaped value reads back with
/// JSONSerialization, and a URL-escaped one with percent-decoding, to the value.
private let values: [String: String] = [
  "API_KEY": "k-123\"\\\n\u{1}</script>&",
  "url": "a b/c?d=e&f#g%",
  "unicode": "é☃\u{2028}😀",
  "Long-Name_9": String(repeating: "x", count: 100),
]

private func secret(_ text: String) -> SecretBytes {
  Array(text.utf8).withUnsafeBytes { SecretBytes(copying: $0) }
}

/// CONTRACT §3: 1 to 128 of `A-Z a-z 0-9 _ -`, not beginning with `SEALVAULT_` in any case.
private func isName(_ bytes: ArraySlice<UInt8>) -> Bool {
  (1...128).contains(bytes.count) && !String(decoding: bytes, as: UTF8.self).uppercased().hasPrefix("SEALVAULT_")
    && bytes.allSatisfy { byte in
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
        true
      default: false
      }
    }
}

private func reference(_ bytes: [UInt8], _ value: (String) -> [UInt8]?) -> [UInt8] {
  var out: [UInt8] = []
  var index = 0
  let at = UInt8(ascii: "@")
  let open = UInt8(ascii: "{")
  while index < bytes.count {
    if bytes[index] == at, index + 2 < bytes.count, bytes[index + 1] == at, bytes[index + 2] == open {
      out += [at, open]
      index += 3
      continue
    }
    if bytes[index] == at, index + 1 < bytes.count, bytes[index + 1] == open,
      let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")), isName(bytes[(index + 2)..<close])
    {
      let name = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
      out += value(name) ?? Array("UNKNOWN".utf8)
      index = close + 1
      continue
    }
    out.append(bytes[index])
    index += 1
  }
  return out
}

private func bytes(_ value: SecretBytes) -> [UInt8] { value.withUnsafeBytes { Array($0) } }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = Array(UnsafeBufferPointer(start: data, count: size))
  let template = Template(input)
  for escaping in Escaping.allCases {
    let escaped = values.mapValues { bytes(escaping.apply(secret($0))) }
    var rendered: [UInt8] = []
    let value = { (name: SecretName) in escaped[name.text].map { secret(String(decoding: $0, as: UTF8.self)) } }
    template.render(value, to: { rendered += $0 })
    guard rendered == reference(input, { escaped[$0] }) else { fatalError("render differs from §6 (\(escaping))") }
  }
  let value = String(decoding: input, as: UTF8.self)
  guard !value.isEmpty, !value.utf8.contains(0) else { return 0 }
  let json = "\"" + String(decoding: bytes(Escaping.json.apply(secret(value))), as: UTF8.self) + "\""
  let read = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
  guard read == value else { fatalError("JSON escaping does not read back") }
  let url = String(decoding: bytes(Escaping.url.apply(secret(value))), as: UTF8.self)
  guard url.removingPercentEncoding == value else { fatalError("URL escaping does not read back") }
  return 0
}

/// SwiftPM links an executable's entry point as `main`: hand over to libFuzzer's driver.
@_cdecl("FuzzTemplate_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var (argc, argv) = (argc, Optional(argv))
  return LLVMFuzzerRunDriver(&argc, &argv) { fuzzTemplate($0!, $1) }
}
