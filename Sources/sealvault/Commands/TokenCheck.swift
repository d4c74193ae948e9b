import SealFormat

/// `check --open`: opens each file's tokens as it is read, finding keys as new kids appear;
/// at the end, tells a moved token from a tampered one by trying other places of the vault.
///
/// Its time grows linearly with the vault whatever the tokens hold: a failed token first
/// tries the place where a token of the same text opened (one attempt), then other places
/// only while a budget lasts of `passes` times the size of every token read; a failure left
/// over is reported as a token that does not open, unclassified.
final class TokenCheck {
  private let sources: KeySources
  private let vault: Vault
  private let opener = Opener()
  private var searched: Swift.Set<KeyID> = []
  private var reported: Swift.Set<KeyID> = []
  /// Every secret read, file by file, with why it did not open (nil when it did): the
  /// places a moved token may have come from, and the tokens that opened there (looked up
  /// only when a token fails, so a vault that opens pays no hashing).
  private var read: [(secrets: [SealedSecret], results: [OpenError?])] = []
  private var failures: [SealedSecret] = []
  private var opened: [KeyID: Int] = [:]
  /// Token bytes the classification may still spend on trying places.
  private var budget = 0
  /// How many times over the vault's tokens the classification may try places.
  private static let passes = 2

  /// Fails before anything is opened unless the vault's active key is held here.
  init(sources: KeySources, vault: Vault) throws(Failure) {
    self.sources = sources
    self.vault = vault
    try sources.requireActiveKey(of: vault)
  }

  /// Opens the secrets of one file of `scope` (its document's `sealedSecrets`), wiping each
  /// value at once.
  func open(_ secrets: [SealedSecret], in scope: Scope) throws(Failure) -> [Diagnostic] {
    // Runs of one kid (a file sealed by one command) are counted as runs.
    var kids: [(kid: KeyID, count: Int)] = []
    for secret in secrets {
      if kids.last?.kid == secret.token.kid {
        kids[kids.count - 1].count += 1
      } else {
        kids.append((secret.token.kid, 1))
      }
    }
    let newKids = Swift.Set(kids.map(\.kid)).subtracting(searched)
    searched.formUnion(newKids)
    opener.add(try sources.search(newKids).found)
    var missing: [(kid: KeyID, secrets: [SealedSecret])] = []
    var problems: [Diagnostic] = []
    let path = vault.path(scope.relativePath)
    let results = opener.checkAll(secrets)
    read.append((secrets, results))
    budget += secrets.reduce(0) { $0 + $1.token.textCount } * Self.passes
    for (kid, count) in kids { opened[kid, default: 0] += count }
    for (secret, result) in zip(secrets, results) {
      guard let result else { continue }
      opened[secret.token.kid, default: 0] -= 1
      switch result {
      case .noKey(let kid):
        if let index = missing.firstIndex(where: { $0.kid == kid }) {
          missing[index].secrets.append(secret)
        } else {
          missing.append((kid, [secret]))
        }
      case .doesNotOpen: failures.append(secret)
      case let error:
        problems.append(Diagnostic(path: path, mark: secret.mark, message: "\(secret.name): \(error)"))
      }
    }
    return problems
      + missing.map { kid, secrets in
        let detail =
          reported.insert(kid).inserted ? sources.noKeyMessage(kid) : "no private key for kid \(kid) (see above)"
        return groupDiagnostic(secrets, path: path, detail)
      }
  }

  /// A diagnostic for each token that did not open with its key: moved (it opens as
  /// another place of the vault), tampered, or, once the budget is spent, not classified.
  func classifyFailures() -> [Diagnostic] {
    guard !failures.isEmpty else { return [] }
    var openedAt: [Token: (scope: Scope, name: SecretName)] = [:]
    for (secrets, results) in read {
      for (secret, result) in zip(secrets, results) where result == nil && openedAt[secret.token] == nil {
        openedAt[secret.token] = (secret.scope, secret.name)
      }
    }
    let places: [(scope: Scope, name: SecretName)] = read.flatMap(\.secrets).map { ($0.scope, $0.name) }
    return failures.map { secret in
      let cost = secret.token.textCount
      var candidates = openedAt[secret.token].map { [$0] } ?? []
      let affordable = min(places.count, budget / max(cost, 1))
      candidates += places.prefix(affordable).filter { $0.scope != secret.scope || $0.name != secret.name }
      budget -= affordable * cost
      let message: String
      if let origin = opener.origin(of: secret.token, among: candidates) {
        message =
          "\(secret.name): moved token: it was sealed for \(origin.name) in \(origin.scope), not for this place; set \(secret.name) here again"
      } else if affordable == places.count {
        message =
          "\(secret.name): tampered token: it fails authentication (altered, or sealed for a name or scope this vault no longer has)"
      } else {
        message = "\(secret.name): \(OpenError.doesNotOpen)"
      }
      return Diagnostic(path: vault.path(secret.scope.relativePath), mark: secret.mark, message: message)
    }
  }

  /// `3 with key <kid> (<where it was found>), ...`.
  func openedByKey() -> String {
    opened.sorted { $0.key < $1.key }.map { kid, count in
      "\(count) with key \(kid) (\(sources.origin(of: kid) ?? "?"))"
    }.joined(separator: ", ")
  }
}
