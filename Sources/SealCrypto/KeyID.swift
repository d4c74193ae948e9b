internal import CSodium

/// Names the key pair a token is sealed to, so the right private key is picked from a ring:
/// lowercase hex of the first 8 bytes of unkeyed BLAKE2b-256 of the public key.
public struct KeyID: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// 16 lowercase hex digits.
  public let hex: String

  /// The kid of a public key.
  public init(of publicKey: PublicKey) {
    hex = String(Hex.encode(Hash.blake2b256(publicKey.bytes).prefix(8)))
  }

  /// A kid read from a token or a key file name; nil unless 16 lowercase hex digits.
  public init?(hex: Substring) {
    guard hex.utf8.count == 16, hex.utf8.allSatisfy(Hex.isLowerDigit) else { return nil }
    self.hex = String(hex)
  }

  public var description: String { hex }

  public static func < (lhs: KeyID, rhs: KeyID) -> Bool { lhs.hex < rhs.hex }
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

  package static func isLowerDigit(_ char: UInt8) -> Bool {
    (char >= 0x30 && char <= 0x39) || (char >= 0x61 && char <= 0x66)
  }
}
