internal import CSodium

/// Where a vault's values are sealed to; anyone holding it may add or change secrets.
public struct PublicKey: Hashable, Sendable {
  static let prefix = "sv1pk:"
  /// The 32 X25519 public key bytes.
  public let bytes: [UInt8]

  init(bytes: [UInt8]) {
    precondition(bytes.count == Int(crypto_kx_PUBLICKEYBYTES))
    self.bytes = bytes
  }

  /// Reads the text form `sv1pk:<base64>`; nil when it is not exactly that. The top bit of
  /// the last byte, which X25519 ignores and no key pair has, must be clear: otherwise two
  /// texts (and two kids) would name one key.
  public init?(text: Substring) {
    guard text.hasPrefix(Self.prefix),
      let bytes = Base64.decode(text.dropFirst(Self.prefix.count), maxLength: Int(crypto_kx_PUBLICKEYBYTES)),
      bytes.count == Int(crypto_kx_PUBLICKEYBYTES), bytes[31] & 0x80 == 0
    else { return nil }
    self.bytes = bytes
  }

  /// Whether no value can be sealed to this key: a low-order point, for which every
  /// X25519 shared secret is all zeros and `crypto_kx_client_session_keys` fails. One
  /// multiplication by any scalar tells, since a clamped scalar kills the low-order part.
  package var isLowOrder: Bool {
    _ = sodiumReady
    let scalar = [UInt8](repeating: 0x5A, count: Int(crypto_scalarmult_SCALARBYTES))
    var shared = [UInt8](repeating: 0, count: Int(crypto_scalarmult_BYTES))
    return crypto_scalarmult(&shared, scalar, bytes) != 0
  }

  /// `sv1pk:<base64>`, the form kept in `sealvault.yaml`.
  public var text: String { Self.prefix + Base64.encode(bytes) }

  /// The key id tokens sealed to this key carry.
  public var kid: KeyID { KeyID(of: self) }
}

/// Opens values; held only by executors and the people who rotate the vault.
public final class PrivateKey: Sendable {
  static let prefix = "sv1sk:"
  /// The 32 secret scalar bytes, wiped when the key is released.
  let secret: SecretBytes
  /// The public half, derived from the secret.
  public let publicKey: PublicKey

  /// The key of 32 secret bytes; nil when X25519 gives no public key for them.
  init?(secret: SecretBytes) {
    guard secret.count == Int(crypto_kx_SECRETKEYBYTES) else { return nil }
    _ = sodiumReady
    var pk = [UInt8](repeating: 0, count: Int(crypto_kx_PUBLICKEYBYTES))
    let status = secret.withUnsafeBytes {
      crypto_scalarmult_base(&pk, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    guard status == 0 else { return nil }
    self.secret = secret
    publicKey = PublicKey(bytes: pk)
  }

  /// Reads one `sv1sk:<base64>` line held in secret memory; nil when it is not exactly that.
  public convenience init?(text: UnsafeRawBufferPointer) {
    let prefix = Array(Self.prefix.utf8)
    guard text.count > prefix.count, text.prefix(prefix.count).elementsEqual(prefix) else { return nil }
    let secret = SecretBytes(count: Int(crypto_kx_SECRETKEYBYTES))
    let length = secret.withUnsafeMutableBytes {
      Base64.decode(secret: UnsafeRawBufferPointer(rebasing: text[prefix.count...]), into: $0)
    }
    guard length == Int(crypto_kx_SECRETKEYBYTES) else { return nil }
    self.init(secret: secret)
  }

  /// The base64 of the secret bytes alone (the text without `sv1sk:`), which is enough to
  /// rebuild the key, so `run --mask` masks it too.
  package func base64Text() -> SecretBytes {
    let text = text()
    return text.withUnsafeBytes {
      SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[Self.prefix.utf8.count...]))
    }
  }

  /// The key id of the public half.
  public var kid: KeyID { publicKey.kid }

  /// `sv1sk:<base64>` in secret memory, for writing to a key file.
  package func text() -> SecretBytes {
    let prefix = Array(Self.prefix.utf8)
    let text = SecretBytes(count: prefix.count + Base64.encodedLength(secret.count) + 1)
    text.withUnsafeMutableBytes { out in
      out.copyBytes(from: prefix)
      secret.withUnsafeBytes { Base64.encode($0, into: UnsafeMutableRawBufferPointer(rebasing: out[prefix.count...])) }
    }
    return text.prefix(text.count - 1)
  }
}

/// A fresh X25519 key pair (`crypto_kx_keypair`).
public struct KeyPair: Sendable {
  public let publicKey: PublicKey
  public let privateKey: PrivateKey

  /// Draws a new pair from the CSPRNG.
  public static func generate() -> KeyPair {
    _ = sodiumReady
    var pk = [UInt8](repeating: 0, count: Int(crypto_kx_PUBLICKEYBYTES))
    let sk = SecretBytes(count: Int(crypto_kx_SECRETKEYBYTES))
    let status = sk.withUnsafeMutableBytes {
      crypto_kx_keypair(&pk, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    precondition(status == 0, "crypto_kx_keypair failed")
    let privateKey = PrivateKey(secret: sk)!
    return KeyPair(publicKey: privateKey.publicKey, privateKey: privateKey)
  }
}
