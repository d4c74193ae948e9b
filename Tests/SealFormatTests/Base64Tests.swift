import SealCrypto
import Testing

/// The table coder of public base64 (tokens, public keys) against libsodium's, which still
/// codes secrets (private keys, values): the same text for the same bytes, and the same
/// texts accepted, to the same bytes.
@Suite struct Base64Tests {
  static func sodium(_ text: [UInt8], maxLength: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: maxLength)
    let length = text.withUnsafeBytes { input in out.withUnsafeMutableBytes { Base64.decode(secret: input, into: $0) } }
    return length.map { Array(out.prefix($0)) }
  }

  static func table(_ text: [UInt8], maxLength: Int) -> [UInt8]? {
    text.withUnsafeBufferPointer { Base64.decode($0, maxLength: maxLength) }
  }

  @Test func agreesWithLibsodium() {
    var random = SystemRandomNumberGenerator()
    let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    let others = Array("=-_ \n.".utf8) + [0x00, 0x80, 0xC3, 0xFF]
    var texts: [[UInt8]] = [[], Array("====".utf8), Array("A===".utf8), Array("AA==".utf8), Array("AB==".utf8)]
    for _ in 0..<20_000 {
      let bytes = (0..<Int.random(in: 0...12, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      var text = Array(Base64.encode(bytes).utf8)
      // Most texts changed in one place, so the edges of the rules are where they land.
      if !text.isEmpty, Int.random(in: 0..<4, using: &random) > 0 {
        let index = Int.random(in: text.indices, using: &random)
        let pool = Bool.random(using: &random) ? digits : others
        switch Int.random(in: 0..<3, using: &random) {
        case 0: text[index] = pool.randomElement(using: &random)!
        case 1: text.remove(at: index)
        default: text.insert(pool.randomElement(using: &random)!, at: index)
        }
      }
      texts.append(text)
    }
    var accepted = 0
    for text in texts {
      let expected = Self.sodium(text, maxLength: 16)
      #expect(Self.table(text, maxLength: 16) == expected, "\(String(decoding: text, as: UTF8.self).debugDescription)")
      if expected != nil { accepted += 1 }
    }
    #expect(accepted > 5_000 && accepted < texts.count - 5_000)
  }

  @Test func encodesAsLibsodiumDoes() {
    var random = SystemRandomNumberGenerator()
    for count in 0..<200 {
      let bytes = (0..<count % 70).map { _ in UInt8.random(in: 0...255, using: &random) }
      var out = [UInt8](repeating: 0, count: Base64.encodedLength(bytes.count) + 1)
      bytes.withUnsafeBytes { input in out.withUnsafeMutableBytes { Base64.encode(input, into: $0) } }
      #expect(Base64.encode(bytes) == String(decoding: out.dropLast(), as: UTF8.self))
    }
  }
}
