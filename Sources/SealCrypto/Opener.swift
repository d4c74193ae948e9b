internal import CSodium

/// Why a token did not open.
public enum OpenError: Error, Sendable, Equatable {
  /// No private key with the token's kid was found.
  case noKey(KeyID)
  /// The key matched but the token failed authentication: tampered with, or moved from
  /// another name, workflow or file.
  case doesNotOpen
  /// The token opened, to bytes that break the value rules (empty, over 64 KiB, not UTF-8,
  /// holding NUL): sealvault did not seal it, and it is never handed on.
  case notAValue(ValueError)
}

/// Opens tokens with a ring of private keys (the token's kid picks the key), deriving the
/// receiving key once per distinct ephemeral public key.
public final class Opener: Sendable {
  private let keys = Locked<[KeyID: PrivateKey]>([:])
  private let sessionKeys = Locked<[SessionID: SecretBytes]>([:])

  /// A receiving key depends on the ephemeral public key and on which key pair the token
  /// names: the same ephemeral key may have sealed to two vault keys.
  private struct SessionID: Hashable {
    let kid: KeyID
    let ephemeralPublicKey: ArraySlice<UInt8>

    init(_ token: Token) {
      kid = token.kid
      ephemeralPublicKey = token.ephemeralPublicKey
    }
  }

  /// An opener holding `keys`; of two keys with one kid, the first wins.
  public init(keys: [PrivateKey] = []) {
    _ = sodiumReady
    add(keys)
  }

  /// Adds keys to the ring, for callers that find keys as they go.
  public func add(_ keys: [PrivateKey]) {
    self.keys.withLock { ring in
      for key in keys where ring[key.kid] == nil { ring[key.kid] = key }
    }
  }

  /// Opens one token bound to `ad`; errors never contain plaintext.
  package func open(_ token: Token, associatedData ad: [UInt8]) throws(OpenError) -> SecretValue {
    let key = try sessionKey(for: token).get()
    return try key.withUnsafeBytes { key in Result { () throws(OpenError) in try Self.decrypt(token, ad, with: key) } }
      .get()
  }

  /// Opens a batch, spreading key derivation and decryption over the cores; results are in
  /// the order of `tokens`. `associatedData(i)` is the associated data of `tokens[i]`,
  /// built on the core that opens it.
  package func openAll(_ tokens: [Token], associatedData: @Sendable (Int) -> [UInt8]) -> [Result<
    SecretValue, OpenError
  >] {
    batch(tokens, associatedData: associatedData) { $0 }
  }

  /// Opens a batch as `openAll` does, wiping each value at once on the core that opened it:
  /// nil for each token that opens, else why not (`check --open`, which needs no value).
  package func checkAll(_ tokens: [Token], associatedData: @Sendable (Int) -> [UInt8]) -> [OpenError?] {
    batch(tokens, associatedData: associatedData) { _ in () }.map { result in
      guard case .failure(let error) = result else { return nil }
      return error
    }
  }

  private func batch<Output>(
    _ tokens: [Token], associatedData: @Sendable (Int) -> [UInt8], _ use: @Sendable (SecretValue) -> Output
  ) -> [Result<Output, OpenError>] {
    // The session key each token needs, derived once per distinct one. Tokens one command
    // sealed share an ephemeral key and stand together: each is first compared with the
    // one before, and only a new key is looked up.
    var keyOf = [Int](repeating: 0, count: tokens.count)
    var distinct: [Token] = []
    var known: [SessionID: Int] = [:]
    for (index, token) in tokens.enumerated() {
      if index > 0, SessionID(tokens[index - 1]) == SessionID(token) {
        keyOf[index] = keyOf[index - 1]
      } else if let key = known[SessionID(token)] {
        keyOf[index] = key
      } else {
        known[SessionID(token)] = distinct.count
        keyOf[index] = distinct.count
        distinct.append(token)
      }
    }
    let keys = parallelMap(distinct) { self.sessionKey(for: $0) }
    let sessionKeyOf = keyOf
    // The cores share the session keys by address: retaining one object from every core
    // at once would make its reference count the bottleneck.
    // (A SecretBytes never moves its storage, and `keys` outlives the loop.)
    nonisolated(unsafe) let addresses = keys.map { $0.map { key in key.withUnsafeBytes { $0 } } }
    return withExtendedLifetime(keys) {
      parallelMap(Array(tokens.indices)) { index in
        Result { () throws(OpenError) in
          use(try Self.decrypt(tokens[index], associatedData(index), with: addresses[sessionKeyOf[index]].get()))
        }
      }
    }
  }

  private func sessionKey(for token: Token) -> Result<SecretBytes, OpenError> {
    if let known = sessionKeys.withLock({ $0[SessionID(token)] }) { return .success(known) }
    let derived = deriveSessionKey(for: token)
    if case .success(let key) = derived { sessionKeys.withLock { $0[SessionID(token)] = key } }
    return derived
  }

  private func deriveSessionKey(for token: Token) -> Result<SecretBytes, OpenError> {
    guard let privateKey = keys.withLock({ $0[token.kid] }) else { return .failure(.noKey(token.kid)) }
    let rx = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES))
    let tx = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES))
    let epk = Array(token.ephemeralPublicKey)
    let status = rx.withUnsafeMutableBytes { rx in
      tx.withUnsafeMutableBytes { tx in
        privateKey.secret.withUnsafeBytes { sk in
          crypto_kx_server_session_keys(rx.bound(), tx.bound(), privateKey.publicKey.bytes, sk.bound(), epk)
        }
      }
    }
    return status == 0 ? .success(rx) : .failure(.doesNotOpen)
  }

  private static func decrypt(_ token: Token, _ ad: [UInt8], with key: UnsafeRawBufferPointer) throws(OpenError)
    -> SecretValue
  {
    let plain = SecretBytes(count: token.ciphertext.count - Token.tagBytes)
    var written: UInt64 = 0
    let status = plain.withUnsafeMutableBytes { plain in
      token.ciphertext.withUnsafeBytes { c in
        token.nonce.withUnsafeBytes { nonce in
          crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain.bound(), &written, nil, c.bound(), UInt64(c.count), ad, UInt64(ad.count),
            nonce.bound(), key.bound())
        }
      }
    }
    guard status == 0 else { throw .doesNotOpen }
    do { return try SecretValue(plain) } catch { throw .notAValue(error) }
  }
}

extension OpenError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .noKey(let kid): "no private key for kid \(kid)"
    case .doesNotOpen: "token does not open: tampered with, or moved from another name, workflow or file"
    case .notAValue(let problem): "token opens to bytes that are not a value (\(problem)): sealvault did not seal it"
    }
  }
}
