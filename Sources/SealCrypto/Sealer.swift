internal import CSodium

/// Seals a command's batch of values to one public key under one ephemeral key pair.
///
/// The ephemeral secret key lives only inside `init`: it is used once to derive the
/// sending key (`crypto_kx_client_session_keys`) and wiped before `init` returns.
public final class Sealer: Sendable {
  /// The vault's public key the values are sealed to.
  public let recipient: PublicKey
  private let ephemeralPublicKey: [UInt8]
  private let key: SecretBytes

  /// A fresh ephemeral pair and its session key for `recipient`; fails for a key that no
  /// value can be sealed to (a low-order point), whoever wrote it into `sealvault.yaml`.
  public init(recipient: PublicKey) throws(SealError) {
    _ = sodiumReady
    let ephemeral = KeyPair.generate()
    let rx = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES))
    let tx = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES))
    let status = rx.withUnsafeMutableBytes { rx in
      tx.withUnsafeMutableBytes { tx in
        ephemeral.privateKey.secret.withUnsafeBytes { esk in
          crypto_kx_client_session_keys(
            rx.bound(), tx.bound(), ephemeral.publicKey.bytes, esk.bound(), recipient.bytes)
        }
      }
    }
    guard status == 0 else { throw .lowOrderKey }
    self.recipient = recipient
    ephemeralPublicKey = ephemeral.publicKey.bytes
    key = tx
  }

  /// Seals `value` bound to `ad` (the caller's associated data: where the value belongs),
  /// with a fresh random nonce.
  package func seal(_ value: SecretValue, associatedData ad: [UInt8]) -> Token {
    var payload = [UInt8](repeating: 0, count: Token.overhead + value.bytes.count)
    payload.replaceSubrange(0..<Token.keyBytes, with: ephemeralPublicKey)
    let status = payload.withUnsafeMutableBytes { out in
      let nonce = UnsafeMutableRawBufferPointer(rebasing: out[Token.keyBytes..<(Token.keyBytes + Token.nonceBytes)])
      randomBytes(nonce)
      var written: UInt64 = 0
      return value.bytes.withUnsafeBytes { plain in
        key.withUnsafeBytes { key in
          crypto_aead_xchacha20poly1305_ietf_encrypt(
            out.bound() + Token.keyBytes + Token.nonceBytes, &written,
            plain.bound(), UInt64(plain.count), ad, UInt64(ad.count), nil,
            UnsafeRawBufferPointer(nonce).bound(), key.bound())
        }
      }
    }
    precondition(status == 0, "crypto_aead_xchacha20poly1305_ietf_encrypt failed")
    return Token(kid: recipient.kid, payload: payload)
  }
}

/// Why values cannot be sealed to a key.
public enum SealError: Error, Sendable, CustomStringConvertible {
  /// `crypto_kx_client_session_keys` refused the key: a low-order point such as all zeros.
  case lowOrderKey

  public var description: String { "the public key is a low-order point that no value can be sealed to" }
}

extension UnsafeRawBufferPointer {
  /// The bytes as the `unsigned char *` libsodium takes.
  func bound() -> UnsafePointer<UInt8> { baseAddress!.assumingMemoryBound(to: UInt8.self) }
}

extension UnsafeMutableRawBufferPointer {
  func bound() -> UnsafeMutablePointer<UInt8> { baseAddress!.assumingMemoryBound(to: UInt8.self) }
}
