import SealCore
import SealCrypto

/// A token to open and where it was found: its scope and name make its associated data,
/// its mark (when read from a file) points messages at it.
public struct SealedSecret: Sendable {
  public let token: Token
  public let scope: Scope
  public let name: SecretName
  public let mark: Mark?

  public init(token: Token, scope: Scope, name: SecretName, mark: Mark? = nil) {
    self.token = token
    self.scope = scope
    self.name = name
    self.mark = mark
  }

  /// The associated data that binds a token to its scope and name, so a moved token fails:
  /// `sealvault:v1:<scope>:<name>`.
  static func associatedData(scope: Scope, name: SecretName) -> [UInt8] {
    var bytes = Array("sealvault:v1:".utf8)
    bytes.reserveCapacity(64)
    bytes += scope.text.utf8
    bytes.append(UInt8(ascii: ":"))
    bytes += name.text.utf8
    return bytes
  }

  var associatedData: [UInt8] { Self.associatedData(scope: scope, name: name) }
}

extension Sealer {
  /// Seals `value` for the secret `name` in `scope`, with a fresh random nonce.
  public func seal(_ value: SecretValue, scope: Scope, name: SecretName) -> Token {
    seal(value, associatedData: SealedSecret.associatedData(scope: scope, name: name))
  }
}

extension Opener {
  /// Opens one secret where it stands; errors never contain plaintext.
  public func open(_ secret: SealedSecret) throws(OpenError) -> SecretValue {
    try open(secret.token, associatedData: secret.associatedData)
  }

  /// Opens a batch on every core; results are in the order of `secrets`.
  public func openAll(_ secrets: [SealedSecret]) -> [Result<SecretValue, OpenError>] {
    openAll(secrets.map(\.token)) { secrets[$0].associatedData }
  }

  /// Whether each of a batch opens, on every core, wiping every value at once: nil for a
  /// secret that opens, else why not; in the order of `secrets`.
  package func checkAll(_ secrets: [SealedSecret]) -> [OpenError?] {
    checkAll(secrets.map(\.token)) { secrets[$0].associatedData }
  }

  /// For a token that does not open where it stands: the scope and name among `candidates`
  /// it was sealed for (it was moved from there), or nil (tampered with, or sealed for a
  /// place not among them). Values opened on the way are wiped at once.
  package func origin(of token: Token, among candidates: [(scope: Scope, name: SecretName)]) -> (
    scope: Scope, name: SecretName
  )? {
    candidates.first { candidate in
      (try? open(token, associatedData: SealedSecret.associatedData(scope: candidate.scope, name: candidate.name)))
        != nil
    }
  }
}

extension Vault {
  /// Opens `secrets` with `opener` on every core: the values that opened, in order, and one
  /// diagnostic per secret that did not (at its file, line and column, naming it, never a
  /// value), so an executor can report every problem of a run at once.
  public func open(_ secrets: [SealedSecret], with opener: Opener) -> (
    values: [(name: SecretName, value: SecretValue)], problems: [Diagnostic]
  ) {
    var values: [(name: SecretName, value: SecretValue)] = []
    var problems: [Diagnostic] = []
    for (secret, result) in zip(secrets, opener.openAll(secrets)) {
      switch result {
      case .success(let value): values.append((secret.name, value))
      case .failure(let error):
        let path = path(secret.scope.relativePath)
        problems.append(
          Diagnostic(path: path, mark: secret.mark, message: "\(secret.name): \(error)", kind: Diagnostic.Kind(error)))
      }
    }
    return (values, problems)
  }
}

extension Diagnostic.Kind {
  /// A token that does not open may have been moved, which `check --open` tells apart.
  init?(_ error: OpenError) {
    guard error == .doesNotOpen else { return nil }
    self = .doesNotOpen
  }
}
