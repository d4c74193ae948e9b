import CFuzzer
import SealFormat

/// The token decoder, the key-text decoder and the opener, with a fixed key so that
/// decoding succeeds and authentication is what fails. The first byte picks the mode:
/// 0 token text; 1 a payload under the fixed key's kid (must never open); 2 a value sealed
/// to the fixed key, then the rest xored into its payload (opens exactly when nothing was
/// changed, to the same value); 3 key text.
private func secret(_ bytes: some Collection<UInt8>) -> SecretBytes {
  Array(bytes).withUnsafeBytes { SecretBytes(copying: $0) }
}
private let key = try! PrivateKey.keys(inKeyText: secret("sv1sk:Sq0TmL8Fi/gf0rbzu+1/9An6Ptqct4gSe8FAfrF1rkQ=".utf8))[0]
private let name = SecretName("FUZZ")!

/// A fresh opener each time: one kept would cache a session key for every input.
private func open(_ text: String) -> SecretValue? {
  guard let token = try? Token(text: Substring(text)) else { return nil }
  return try? Opener(keys: [key]).open(SealedSecret(token: token, scope: .global, name: name))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzToken(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  switch data[0] % 4 {
  case 0:
    _ = open(String(decoding: rest, as: UTF8.self))
  case 1:
    if open("sv1:\(key.kid):" + Base64.encode(rest)) != nil { fatalError("a payload nobody sealed opened") }
  case 2:
    let split = Int(rest.first ?? 0) % (rest.count + 1)
    guard let value = try? SecretValue(secret(rest[..<split])) else { return 0 }
    let token = try! Sealer(recipient: key.publicKey).seal(value, scope: .global, name: name)
    let prefix = "sv1:\(key.kid):"
    var payload = Base64.decode(token.text.dropFirst(prefix.count), maxLength: 1 << 20)!
    let mask = rest[split...]
    for (offset, byte) in zip(payload.indices, mask) { payload[offset] ^= byte }
    let opened = open(prefix + Base64.encode(payload))
    let unchanged = mask.prefix(payload.count).allSatisfy { $0 == 0 }
    guard unchanged == (opened != nil) else { fatalError("a changed token opened, or an unchanged one did not") }
    if let opened, !opened.bytes.withUnsafeBytes({ $0.elementsEqual(rest[..<split]) }) {
      fatalError("a token opened to another value")
    }
  default:
    _ = try? PrivateKey.keys(inKeyText: secret(rest))
  }
  return 0
}

/// SwiftPM links an executable's entry point as `main`: hand over to libFuzzer's driver.
@_cdecl("FuzzToken_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var (argc, argv) = (argc, Optional(argv))
  return LLVMFuzzerRunDriver(&argc, &argv) { fuzzToken($0!, $1) }
}
