internal import CSodium

/// Names the key pair a token is sealed to, so the right private key is picked from a ring:
/// lowercase hex of the first 8 bytes of unkeyed BLAKE2b-256 of the public key.
public struct KeyID: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The 8 bytes as a big-endian number, so numeric order is the hex text's order; kept as
  /// a number rather than text, as every token holds one.
  private let value: UInt64

  /// The kid of a public key.
  public init(of publicKey: PublicKey) {
    value = Hash.blake2b256(publicKey.bytes).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// A kid read from a token or a key file name; nil unless 16 lowercase hex digits.
  public init?(hex: Substring) {
    var hex = hex
    guard let kid = hex.withUTF8(KeyID.init(hexUTF8:)) else { return nil }
    self = kid
  }

  /// A kid from the UTF-8 bytes of its text.
  package init?(hexUTF8 hex: UnsafeBufferPointer<UInt8>) {
    guard hex.count == 16 else { return nil }
    var value: UInt64 = 0
    for char in hex {
      guard let nibble = Hex.lowerDigitValue(char) else { return nil }
      value = value << 4 | UInt64(nibble)
    }
    self.value = value
  }

  /// 16 lowercase hex digits.
  public var hex: String {
    var out: [UInt8] = []
    appendHex(to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the UTF-8 of `hex` to `out`.
  package func appendHex(to out: inout [UInt8]) {
    for index in 0..<16 { out.append(Hex.lowercase[Int(value >> (60 - 4 * UInt64(index)) & 0xF)]) }
  }

  public var description: String { hex }

  public static func < (lhs: KeyID, rhs: KeyID) -> Bool { lhs.value < rhs.value }
}

/// Unkeyed BLAKE2b-256 (`crypto_generichash`), used for kids and the diff view's fingerprints.
package enum Hash {
  /// The 32-byte digest of `bytes`.
  package static func blake2b256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    _ = sodiumReady
    let input = Array(bytes)
    var out = [UInt8](repeating: 0, count: Int(crypto_generichash_BYTES))
    guard crypto_generichash(&out, out.count, input, UInt64(input.count), nil, 0) == 0 else {
      fatalError("crypto_generichash failed")
    }
    return out
  }
}

/// Lowercase hexadecimal, the kid's alphabet.
package enum Hex {
  /// The digits of a nibble, lowercase (kids, fingerprints, JSON's `\uXXXX`) and uppercase
  /// (percent-encoding, as RFC 3986 recommends).
  package static let lowercase = Array("0123456789abcdef".utf8)
  package static let uppercase = Array("0123456789ABCDEF".utf8)

  package static func encode(_ bytes: some Sequence<UInt8>) -> String {
    let digits = lowercase
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The value of a lowercase hex digit; nil for anything else.
  package static func lowerDigitValue(_ char: UInt8) -> UInt8? {
    switch char {
    case 0x30...0x39: char - 0x30
    case 0x61...0x66: char - 0x61 + 10
    default: nil
    }
  }
}
