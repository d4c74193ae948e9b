import CFuzzer
import SealFormat

/// The masker of `run --mask`, fed the text in chunks cut by the input. Layout: a byte for
/// the number of values (1 to 4), the values separated by NUL, a NUL, then the text; the
/// chunk lengths come from the text's own bytes. Properties: the output equals a one-pass
/// leftmost-longest replacement of every form over the whole text (so a value split across
/// chunks is masked too, and every other byte is unchanged), and no value survives.
private func secret(_ bytes: some Collection<UInt8>) -> SecretBytes {
  Array(bytes).withUnsafeBytes { SecretBytes(copying: $0) }
}

private func reference(_ text: [UInt8], forms: [[UInt8]]) -> [UInt8] {
  var out: [UInt8] = []
  var index = 0
  while index < text.count {
    let longest = forms.filter { text[index...].starts(with: $0) }.map(\.count).max()
    if let longest {
      out += Array("***".utf8)
      index += longest
    } else {
      out.append(text[index])
      index += 1
    }
  }
  return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMasker(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 1 else { return 0 }
  let input = UnsafeBufferPointer(start: data + 1, count: size - 1)
  let count = Int(data[0] % 4) + 1
  let parts = input.split(separator: 0, maxSplits: count, omittingEmptySubsequences: false)
  guard parts.count == count + 1 else { return 0 }
  let values = parts.prefix(count).filter { !$0.isEmpty }.map { Array($0) }
  let text = Array(parts[count])
  let forms = values.flatMap { Masker.forms(of: secret($0)) }.map { $0.withUnsafeBytes { Array($0) } }
    .filter { $0.count >= Masker.minimumLength }
  let masker = Masker(secrets: values.map(secret))
  var out: [UInt8] = []
  var offset = 0
  var cut = 0
  while offset < text.count {
    let length = min(text.count - offset, Int(text[cut % text.count] % 17) + 1)
    cut += 1
    out += text[offset..<(offset + length)].withUnsafeBytes { masker.feed($0) }
    offset += length
  }
  out += masker.finish()
  guard out == reference(text, forms: forms) else { fatalError("masked output differs from leftmost-longest") }
  for value in values where value.count >= Masker.minimumLength && !value.contains(UInt8(ascii: "*")) {
    if out.count >= value.count, (0...(out.count - value.count)).contains(where: { out[$0...].starts(with: value) }) {
      fatalError("a value survived masking")
    }
  }
  return 0
}

/// SwiftPM links an executable's entry point as `main`: hand over to libFuzzer's driver.
@_cdecl("FuzzMasker_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var (argc, argv) = (argc, Optional(argv))
  return LLVMFuzzerRunDriver(&argc, &argv) { fuzzMasker($0!, $1) }
}
