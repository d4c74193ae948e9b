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
    let ephemeralPublicKey: EphemeralKey

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
    let key = try sessionKey(for: SessionID(token)).get()
    return try key.withUnsafeBytes { key in
      Result { () throws(OpenError) in
        try token.withPayload { (payload) throws(OpenError) in try Self.decrypt(payload, ad, with: key) }
      }
    }.get()
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
    // Each token's ephemeral key is decoded on every core, then the session key each needs
    // is derived once per distinct one. Tokens one command sealed share an ephemeral key
    // and stand together: each is first compared with the one before, and only a new key
    // is looked up.
    let ids = parallelMap(tokens) { SessionID($0) }
    var keyOf = [Int](repeating: 0, count: tokens.count)
    var distinct: [SessionID] = []
    var known: [SessionID: Int] = [:]
    for (index, id) in ids.enumerated() {
      if index > 0, distinct[keyOf[index - 1]] == id {
        keyOf[index] = keyOf[index - 1]
      } else if let key = known[id] {
        keyOf[index] = key
      } else {
        known[id] = distinct.count
        keyOf[index] = distinct.count
        distinct.append(id)
      }
    }
    // The ring's cache is read and filled once for the batch, not locked per key.
    let cached = sessionKeys.withLock { cache in distinct.map { ($0, cache[$0]) } }
    let keys = parallelMap(cached) { id, key in key.map { .success($0) } ?? self.deriveSessionKey(for: id) }
    sessionKeys.withLock { cache in
      for (id, key) in zip(distinct, keys) { if case .success(let key) = key { cache[id] = key } }
    }
    let sessionKeyOf = keyOf
    // The cores share the session keys by address: retaining one object from every core
    // at once would make its reference count the bottleneck.
    // (A SecretBytes never moves its storage, and `keys` outlives the loop.)
    nonisolated(unsafe) let addresses = keys.map { $0.map { key in key.withUnsafeBytes { $0 } } }
    return withExtendedLifetime(keys) {
      parallelMap(Array(tokens.indices)) { index in
        Result { () throws(OpenError) in
          let key = try addresses[sessionKeyOf[index]].get()
          let ad = associatedData(index)
          return use(
            try tokens[index].withPayload { (payload) throws(OpenError) in try Self.decrypt(payload, ad, with: key) })
        }
      }
    }
  }

  private func sessionKey(for id: SessionID) -> Result<SecretBytes, OpenError> {
    if let known = sessionKeys.withLock({ $0[id] }) { return .success(known) }
    let derived = deriveSessionKey(for: id)
    if case .success(let key) = derived { sessionKeys.withLock { $0[id] = key } }
    return derived
  }

  private func deriveSessionKey(for id: SessionID) -> Result<SecretBytes, OpenError> {
    guard let privateKey = keys.withLock({ $0[id.kid] }) else { return .failure(.noKey(id.kid)) }
    let rx = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES))
    let tx = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES))
    let epk = id.ephemeralPublicKey.bytes
    let status = rx.withUnsafeMutableBytes { rx in
      tx.withUnsafeMutableBytes { tx in
        privateKey.secret.withUnsafeBytes { sk in
          crypto_kx_server_session_keys(rx.bound(), tx.bound(), privateKey.publicKey.bytes, sk.bound(), epk)
        }
      }
    }
    return status == 0 ? .success(rx) : .failure(.doesNotOpen)
  }

  /// Opens `payload` (`epk || nonce || c`).
  private static func decrypt(_ payload: UnsafeBufferPointer<UInt8>, _ ad: [UInt8], with key: UnsafeRawBufferPointer)
    throws(OpenError) -> SecretValue
  {
    let start = Token.keyBytes + Token.nonceBytes
    let plain = SecretBytes(count: payload.count - start - Token.tagBytes)
    var written: UInt64 = 0
    let status = plain.withUnsafeMutableBytes { plain in
      crypto_aead_xchacha20poly1305_ietf_decrypt(
        plain.bound(), &written, nil, payload.baseAddress! + start, UInt64(payload.count - start), ad,
        UInt64(ad.count), payload.baseAddress! + Token.keyBytes, key.bound())
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
