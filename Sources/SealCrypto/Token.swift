internal import CSodium

/// A sealed value as it is stored: `sv1:<kid>:<base64(epk || nonce || ciphertext||tag)>`.
/// Two tokens are equal when their texts are.
public struct Token: Hashable, Sendable, CustomStringConvertible {
  static let prefix = "sv1:"
  static let keyBytes = Int(crypto_kx_PUBLICKEYBYTES)
  static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
  static let overhead = keyBytes + nonceBytes + tagBytes

  static let maxPayload = overhead + SecretValue.maxBytes

  /// The kid of the public key it was sealed to.
  public let kid: KeyID
  /// The token's text as written, `sv1:<kid>:<base64>`, checked when read: a slice of the
  /// bytes it was read from (one buffer for many tokens), decoded only when it is opened.
  package let utf8: ArraySlice<UInt8>

  /// Reads a token; the error says what is wrong without repeating the text, which may be
  /// a plaintext value pasted in by hand.
  public init(text: Substring) throws(TokenError) {
    var text = text
    kid = try text.withUTF8 { utf8 in Result { () throws(TokenError) in try Self.check(utf8) } }.get()
    utf8 = Array(text.utf8)[...]
  }

  /// Reads a token from its UTF-8 bytes (as a scope file holds it), keeping the slice.
  package init(utf8 text: ArraySlice<UInt8>) throws(TokenError) {
    let kid = try text.withUnsafeBufferPointer { (text) throws(TokenError) in try Self.check(text) }
    self.kid = kid
    utf8 = text
  }

  /// The kid of the token `text`, when it is one.
  private static func check(_ text: UnsafeBufferPointer<UInt8>) throws(TokenError) -> KeyID {
    guard text.count >= 4, text[0] == 0x73, text[1] == 0x76, text[2] == 0x31, text[3] == 0x3A else {  // "sv1:"
      throw .notSealed
    }
    let rest = UnsafeBufferPointer(rebasing: text[4...])
    guard let colon = rest.firstIndex(of: UInt8(ascii: ":")),
      let kid = KeyID(hexUTF8: UnsafeBufferPointer(rebasing: rest[..<colon]))
    else {
      throw .badKeyID
    }
    let base64 = UnsafeBufferPointer(rebasing: rest[(colon + 1)...])
    // Up to two bytes more share the longest payload's base64 length: decoded, they are
    // too long rather than not base64.
    guard base64.count <= Base64.encodedLength(maxPayload), let length = Base64.decodedLength(base64) else {
      throw base64.count > Base64.encodedLength(maxPayload) ? .badLength : .badBase64
    }
    guard length > Self.overhead, length <= maxPayload else { throw .badLength }
    return kid
  }

  init(kid: KeyID, payload: [UInt8]) {
    self.kid = kid
    var out: [UInt8] = []
    out.reserveCapacity(Self.prefix.utf8.count + 17 + Base64.encodedLength(payload.count))
    out += Self.prefix.utf8
    kid.appendHex(to: &out)
    out.append(UInt8(ascii: ":"))
    Base64.append(payload, to: &out)
    utf8 = out[...]
  }

  /// The token as written in the scope file: `sv1:<kid>:<base64>`.
  public var text: String { String(decoding: utf8, as: UTF8.self) }

  /// How many bytes `text` has.
  public var textCount: Int { utf8.count }

  /// The base64 of `epk || nonce || c`.
  private var base64: ArraySlice<UInt8> { utf8.dropFirst(Self.prefix.utf8.count + 17) }

  /// Calls `body` with `epk || nonce || c`, decoded from the text (checked when read) into
  /// memory that lives only for the call.
  func withPayload<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(OpenError) -> R) throws(OpenError) -> R {
    try base64.withUnsafeBufferPointer { text in
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count / 4 * 3) { out in
        let length = Base64.decode(text, into: out)!
        return Result { () throws(OpenError) in try body(UnsafeBufferPointer(rebasing: out[0..<length])) }
      }
    }.get()
  }

  /// The sealing command's ephemeral public key (tokens sharing it share session keys),
  /// decoded from the first 44 digits of the text alone.
  var ephemeralPublicKey: EphemeralKey {
    base64.prefix(44).withUnsafeBufferPointer { text in
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 33) { out in
        _ = Base64.decode(text, into: out)
        return EphemeralKey(UnsafeBufferPointer(rebasing: out[0..<Self.keyBytes]))
      }
    }
  }

  public var description: String { text }

}

/// Why text is not a token.
public enum TokenError: Error, Sendable, CustomStringConvertible {
  case notSealed, badKeyID, badBase64, badLength

  public var description: String {
    switch self {
    case .notSealed: "not a sealed token (expected sv1:<kid>:<base64>)"
    case .badKeyID: "token has no valid kid (expected sv1:<16 lowercase hex>:<base64>)"
    case .badBase64: "token is not valid base64 (standard alphabet, with padding)"
    case .badLength: "token has the wrong length for a sealed value of 1 byte to 64 KiB"
    }
  }
}

/// A 32-byte X25519 public key as a value: compared and hashed without an allocation.
struct EphemeralKey: Hashable, Sendable {
  private let words: (UInt64, UInt64, UInt64, UInt64)

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    precondition(bytes.count == 32)
    let raw = UnsafeRawBufferPointer(bytes)
    words = (
      raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
      raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    )
  }

  /// The 32 bytes.
  var bytes: [UInt8] {
    withUnsafeBytes(of: words) { Array($0) }
  }

  static func == (lhs: EphemeralKey, rhs: EphemeralKey) -> Bool { lhs.words == rhs.words }
  func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }
}
