import ArgumentParser
import SealFormat

extension SealVault {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate every file of the vault; with --open, also open every token (printing no values).",
      discussion: """
        Reports every problem as path:line:col: error: ..., and warns about stale tokens (sealed to a key \
        other than the active one). --open tells apart a token sealed to an unknown kid, a tampered token and \
        a moved one, and says which key opened what.
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var keyOptions: KeyOptions

    @Flag(help: "Also open every token with the private keys (values are never printed).")
    var open = false

    @Flag(help: "Check the vault as staged in git's index (for a pre-commit hook), not the working tree.")
    var staged = false

    func run() throws {
      var problems: [Diagnostic] = []
      let index = staged ? try IndexFiles(directory: vaultOptions.directory) : nil
      let store = try VaultStore(directory: vaultOptions.directory, files: index)
      let active = store.vault.config.publicKey.kid
      for path in index?.unmerged ?? [] {
        problems.append(
          Diagnostic(
            path: store.vault.path(path), mark: nil, message: "unmerged: resolve the conflict, then git add it"))
      }
      if let line = store.vault.config.firstNonCanonicalLine {
        problems.append(nonCanonical(store.vault.path("sealvault.yaml"), line))
      }
      let listing: (scopes: [Scope], problems: [Diagnostic])
      do { listing = try store.vault.listing() } catch { throw Failure.vault(error) }
      problems += listing.problems
      let opening = open ? TokenCheck(sources: keyOptions.sources, vault: store.vault) : nil
      var secrets = 0
      var stale = 0
      for scope in listing.scopes {
        let document: ScopeDocument
        do { document = try store.document(scope) } catch {
          problems += error.diagnostics
          if error.diagnostics.isEmpty { throw error }
          continue
        }
        secrets += document.count
        if let line = document.firstNonCanonicalLine {
          problems.append(nonCanonical(store.vault.path(scope.relativePath), line))
        }
        stale += warnStale(document, path: store.vault.path(scope.relativePath), active: active)
        try problems += opening?.open(document) ?? []
      }
      problems += opening?.classifyFailures() ?? []
      Console.report(problems)
      var summary = "\(plural(listing.scopes.count, "scope")), \(plural(secrets, "secret"))"
      if stale > 0 { summary += " (\(stale) stale)" }
      guard problems.isEmpty else {
        Console.note("\(store.vault.directory): \(plural(problems.count, "problem")) (\(summary))")
        throw ExitCode.failure
      }
      let opened = opening.map { $0.openedByKey().isEmpty ? ", all opened" : ", all opened: \($0.openedByKey())" } ?? ""
      Console.note("\(store.vault.directory): ok, \(summary)\(opened)")
    }

    private func nonCanonical(_ path: String, _ line: Int) -> Diagnostic {
      let message = "not in canonical form from this line on (a hand edit?); `sealvault fmt` rewrites it"
      return Diagnostic(path: path, mark: Mark(line: line, column: 1), message: message)
    }

    /// Warns, once per file and kid, about tokens sealed to a key other than the active
    /// one; returns how many there are.
    private func warnStale(_ document: ScopeDocument, path: String, active: KeyID) -> Int {
      let stale = document.sealedSecrets.filter { $0.token.kid != active }
      for (kid, group) in Dictionary(grouping: stale, by: \.token.kid).sorted(by: { $0.key < $1.key }) {
        let message = "stale, sealed to kid \(kid), not the active key \(active) (`sealvault rotate` re-seals)"
        Console.warning(groupDiagnostic(group, path: path, message))
      }
      return stale.count
    }
  }
}

/// `check --open`: opens each file's tokens as it is read, finding keys as new kids appear;
/// at the end, tells a moved token from a tampered one by trying every place in the vault.
final class TokenCheck {
  private let sources: KeySources
  private let vault: Vault
  private let opener = Opener()
  private var searched: Swift.Set<KeyID> = []
  private var reported: Swift.Set<KeyID> = []
  private var places: [(scope: Scope, name: SecretName)] = []
  private var failures: [SealedSecret] = []
  private var opened: [KeyID: Int] = [:]

  init(sources: KeySources, vault: Vault) {
    self.sources = sources
    self.vault = vault
  }

  func open(_ document: ScopeDocument) throws(Failure) -> [Diagnostic] {
    let secrets = document.sealedSecrets
    places += secrets.map { ($0.scope, $0.name) }
    let newKids = Swift.Set(secrets.map(\.token.kid)).subtracting(searched)
    searched.formUnion(newKids)
    opener.add(try sources.search(newKids).found)
    var missing: [(kid: KeyID, secrets: [SealedSecret])] = []
    for (secret, result) in zip(secrets, opener.openAll(secrets)) {
      switch result {
      case .success: opened[secret.token.kid, default: 0] += 1
      case .failure(.noKey(let kid)):
        if let index = missing.firstIndex(where: { $0.kid == kid }) {
          missing[index].secrets.append(secret)
        } else {
          missing.append((kid, [secret]))
        }
      case .failure(.doesNotOpen): failures.append(secret)
      }
    }
    return missing.map { kid, secrets in
      let detail =
        reported.insert(kid).inserted ? sources.noKeyMessage(kid) : "no private key for kid \(kid) (see above)"
      return groupDiagnostic(secrets, path: vault.path(secrets[0].scope.relativePath), detail)
    }
  }

  /// A diagnostic for each token that did not open with its key: moved (it opens as
  /// another place of the vault) or tampered.
  func classifyFailures() -> [Diagnostic] {
    failures.map { secret in
      let message: String
      if let origin = opener.origin(of: secret.token, among: places) {
        message =
          "\(secret.name): moved token: it was sealed for \(origin.name) in \(origin.scope), not for this place; set \(secret.name) here again"
      } else {
        message =
          "\(secret.name): tampered token: it fails authentication (altered, or sealed for a name or scope this vault no longer has)"
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

/// One diagnostic for secrets that share a problem, at the first one's place:
/// `NAME and 12 more secrets: message`.
func groupDiagnostic(_ secrets: [SealedSecret], path: String, _ message: String) -> Diagnostic {
  let first = secrets[0]
  let others = secrets.count > 1 ? " and \(plural(secrets.count - 1, "more secret"))" : ""
  return Diagnostic(path: path, mark: first.mark, message: "\(first.name)\(others): \(message)")
}
