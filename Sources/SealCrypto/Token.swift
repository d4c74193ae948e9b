internal import CSodium

/// A sealed value as it is stored: `sv1:<kid>:<base64(epk || nonce || ciphertext||tag)>`.
public struct Token: Hashable, Sendable, CustomStringConvertible {
  static let prefix = "sv1:"
  static let keyBytes = Int(crypto_kx_PUBLICKEYBYTES)
  static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
  static let overhead = keyBytes + nonceBytes + tagBytes

  /// The token exactly as written in the scope file.
  public let text: String
  /// The kid of the public key it was sealed to.
  public let kid: KeyID
  /// `epk || nonce || c`, decoded once when read.
  let payload: [UInt8]

  /// Reads a token; the error says what is wrong without repeating the text, which may be
  /// a plaintext value pasted in by hand.
  public init(text: Substring) throws(TokenError) {
    guard text.hasPrefix(Self.prefix) else { throw .notSealed }
    let parts = text.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, let kid = KeyID(hex: parts[0]) else { throw .badKeyID }
    let maxLength = Self.overhead + SecretValue.maxBytes
    // Up to two bytes more share the longest payload's base64 length: decoded, they are
    // too long rather than not base64.
    guard let payload = Base64.decode(parts[1], maxLength: maxLength + 2) else {
      throw parts[1].utf8.count > Base64.encodedLength(maxLength) ? .badLength : .badBase64
    }
    guard payload.count > Self.overhead, payload.count <= maxLength else { throw .badLength }
    self.text = String(text)
    self.kid = kid
    self.payload = payload
  }

  init(kid: KeyID, payload: [UInt8]) {
    self.kid = kid
    self.payload = payload
    text = Self.prefix + kid.hex + ":" + Base64.encode(payload)
  }

  /// The sealing command's ephemeral public key; tokens sharing it share session keys.
  var ephemeralPublicKey: ArraySlice<UInt8> { payload[0..<Self.keyBytes] }
  var nonce: ArraySlice<UInt8> { payload[Self.keyBytes..<(Self.keyBytes + Self.nonceBytes)] }
  var ciphertext: ArraySlice<UInt8> { payload[(Self.keyBytes + Self.nonceBytes)...] }

  public var description: String { text }

  public static func == (lhs: Token, rhs: Token) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
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
