internal import CSodium

/// A sealed value as it is stored: `sv1:<kid>:<base64(epk || nonce || ciphertext||tag)>`.
/// Two tokens are equal when their texts are (the same kid and payload).
public struct Token: Hashable, Sendable, CustomStringConvertible {
  static let prefix = "sv1:"
  static let keyBytes = Int(crypto_kx_PUBLICKEYBYTES)
  static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
  static let overhead = keyBytes + nonceBytes + tagBytes

  /// The kid of the public key it was sealed to.
  public let kid: KeyID
  /// `epk || nonce || c`, decoded once when read. The text is not kept: canonical base64
  /// gives back the very text read.
  let payload: [UInt8]

  /// Reads a token; the error says what is wrong without repeating the text, which may be
  /// a plaintext value pasted in by hand.
  public init(text: Substring) throws(TokenError) {
    var text = text
    self = try text.withUTF8 { utf8 in Result { () throws(TokenError) in try Token(utf8: utf8) } }.get()
  }

  /// Reads a token from its UTF-8 bytes (as a scope file holds it).
  package init(utf8 text: UnsafeBufferPointer<UInt8>) throws(TokenError) {
    guard text.starts(with: Self.prefix.utf8) else { throw .notSealed }
    let rest = UnsafeBufferPointer(rebasing: text[Self.prefix.utf8.count...])
    guard let colon = rest.firstIndex(of: UInt8(ascii: ":")),
      let kid = KeyID(hexUTF8: UnsafeBufferPointer(rebasing: rest[..<colon]))
    else {
      throw .badKeyID
    }
    let base64 = UnsafeBufferPointer(rebasing: rest[(colon + 1)...])
    let maxLength = Self.overhead + SecretValue.maxBytes
    // Up to two bytes more share the longest payload's base64 length: decoded, they are
    // too long rather than not base64.
    guard let payload = Base64.decode(base64, maxLength: maxLength + 2) else {
      throw base64.count > Base64.encodedLength(maxLength) ? .badLength : .badBase64
    }
    guard payload.count > Self.overhead, payload.count <= maxLength else { throw .badLength }
    self.kid = kid
    self.payload = payload
  }

  init(kid: KeyID, payload: [UInt8]) {
    self.kid = kid
    self.payload = payload
  }

  /// The token as written in the scope file: `sv1:<kid>:<base64>`.
  public var text: String { String(decoding: utf8, as: UTF8.self) }

  /// The UTF-8 of `text`.
  package var utf8: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(textCount)
    out += Self.prefix.utf8
    kid.appendHex(to: &out)
    out.append(UInt8(ascii: ":"))
    Base64.append(payload, to: &out)
    return out
  }

  /// How many bytes `text` has, without building it.
  public var textCount: Int { Self.prefix.utf8.count + 17 + Base64.encodedLength(payload.count) }

  /// The sealing command's ephemeral public key; tokens sharing it share session keys.
  var ephemeralPublicKey: ArraySlice<UInt8> { payload[0..<Self.keyBytes] }
  var nonce: ArraySlice<UInt8> { payload[Self.keyBytes..<(Self.keyBytes + Self.nonceBytes)] }
  var ciphertext: ArraySlice<UInt8> { payload[(Self.keyBytes + Self.nonceBytes)...] }

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
