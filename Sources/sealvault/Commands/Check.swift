import ArgumentParser
import SealFormat

extension SealVault {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate every file of the vault; with --open, also open every token (printing no values).")

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
      let opening = open ? TokenCheck(sources: keyOptions.sources) : nil
      var secrets = 0
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
        try problems += opening?.open(document, path: store.vault.path(scope.relativePath)) ?? []
      }
      Console.report(problems)
      let summary = "\(plural(listing.scopes.count, "scope")), \(plural(secrets, "secret"))"
      guard problems.isEmpty else {
        Console.note("\(store.vault.directory): \(plural(problems.count, "problem")) (\(summary))")
        throw ExitCode.failure
      }
      Console.note("\(store.vault.directory): ok, \(summary)\(open ? ", all opened" : "")")
    }

    private func nonCanonical(_ path: String, _ line: Int) -> Diagnostic {
      let message = "not in canonical form from this line on (a hand edit?); `sealvault fmt` rewrites it"
      return Diagnostic(path: path, mark: Mark(line: line, column: 1), message: message)
    }
  }
}

/// `check --open`: opens each file's tokens as it is read, finding keys as new kids appear.
final class TokenCheck {
  private let sources: KeySources
  private let opener = Opener()
  private var searched: Swift.Set<KeyID> = []
  private var reported: Swift.Set<KeyID> = []

  init(sources: KeySources) {
    self.sources = sources
  }

  func open(_ document: ScopeDocument, path: String) throws(Failure) -> [Diagnostic] {
    let secrets = document.secrets.map { SealedSecret(token: $0.token, scope: document.scope, name: $0.name) }
    let newKids = Swift.Set(secrets.map(\.token.kid)).subtracting(searched)
    searched.formUnion(newKids)
    opener.add(try sources.search(newKids).found)
    var problems: [Diagnostic] = []
    var missing: [(kid: KeyID, secrets: [SealedSecret])] = []
    for (secret, result) in zip(secrets, opener.openAll(secrets)) {
      switch result {
      case .success: continue
      case .failure(.noKey(let kid)):
        if let index = missing.firstIndex(where: { $0.kid == kid }) {
          missing[index].secrets.append(secret)
        } else {
          missing.append((kid, [secret]))
        }
      case .failure(.doesNotOpen):
        let message = "\(secret.name): token does not open: tampered with, or moved from another name, workflow or file"
        problems.append(Diagnostic(path: path, mark: document.marks[secret.name], message: message))
      }
    }
    for (kid, secrets) in missing {
      let first = secrets[0]
      let others = secrets.count > 1 ? " and \(plural(secrets.count - 1, "more secret"))" : ""
      let detail =
        reported.insert(kid).inserted ? sources.noKeyMessage(kid) : "no private key for kid \(kid) (see above)"
      problems.append(
        Diagnostic(path: path, mark: document.marks[first.name], message: "\(first.name)\(others): \(detail)"))
    }
    return problems.sorted { ($0.mark?.line ?? 0) < ($1.mark?.line ?? 0) }
  }
}
