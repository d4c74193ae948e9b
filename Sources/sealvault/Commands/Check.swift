import ArgumentParser
import SealFiles
import SealFormat

extension SealVault {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Validate every file of the vault; with --open, also open every token (printing no values).",
      discussion: """
        Reports every problem as path:line:col: error: ..., and warns (exit 0) about files not in canonical \
        form, stale tokens (sealed to a key other than the active one), names that programs read at start-up \
        and a rotation in progress. --open tells apart a token sealed to an unknown kid, a tampered token and \
        a moved one, and says which key opened what; it needs the vault's active key. --staged checks what is \
        about to be committed, and refuses a staged rotation record.

        Examples:
          sealvault check
          sealvault check --open --key-file exec.key
          sealvault check --staged   # in a pre-commit hook
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var keyOptions: KeyOptions

    @Flag(help: "Also open every token with the private keys (values are never printed).")
    var open = false

    @Flag(help: "Check the vault as staged in git's index (for a pre-commit hook), not the working tree.")
    var staged = false

    @Flag(help: "One JSON object on stdout: ok, scopes, secrets and every problem with its severity.")
    var json = false

    func run() throws {
      var problems: [Diagnostic] = []
      var warnings: [Diagnostic] = []
      let index = staged ? try IndexFiles(directory: vaultOptions.directory) : nil
      let store = try VaultStore(directory: vaultOptions.directory, files: index)
      let vault = store.vault
      let active = vault.config.publicKey.kid
      for path in index?.unmerged ?? [] {
        problems.append(
          Diagnostic(path: vault.path(path), mark: nil, message: "unmerged: resolve the conflict, then git add it"))
      }
      problems += rotationRecordProblems(vault, index: index, warnings: &warnings)
      if let line = vault.config.firstNonCanonicalLine {
        warnings.append(nonCanonical(vault.path("sealvault.yaml"), line))
      }
      let listing = vault.listing()
      problems += listing.problems
      let opening = open ? try TokenCheck(sources: keyOptions.sources, vault: vault) : nil
      var secrets = 0
      var stale = 0
      for scope in listing.scopes {
        let document: ScopeDocument
        do { document = try store.document(scope) } catch {
          problems += error.diagnostics
          if error.diagnostics.isEmpty { throw error }
          continue
        }
        let path = vault.path(scope.relativePath)
        secrets += document.count
        if let line = document.firstNonCanonicalLine { warnings.append(nonCanonical(path, line)) }
        let sealed = document.sealedSecrets
        for secret in sealed where StartupNames.contains(secret.name) {
          warnings.append(Diagnostic(path: path, mark: secret.mark, message: StartupNames.warning(secret.name)))
        }
        stale += staleWarnings(sealed, path: path, active: active, into: &warnings)
        try problems += opening?.open(sealed, in: scope) ?? []
      }
      problems += opening?.classifyFailures() ?? []
      if json {
        let items = problems.map { $0.json(severity: "error") } + warnings.map { $0.json(severity: "warning") }
        Console.out(
          "{\"ok\": \(problems.isEmpty), \"scopes\": \(listing.scopes.count), \"secrets\": \(secrets), \"problems\": "
            + JSONText.array(items) + "}\n")
        if !problems.isEmpty { throw ExitCode.failure }
        return
      }
      Console.warnings(warnings)
      Console.report(problems)
      var summary = "\(plural(listing.scopes.count, "scope")), \(plural(secrets, "secret"))"
      if stale > 0 { summary += " (\(stale) stale)" }
      guard problems.isEmpty else {
        Console.note("\(vault.directory): \(plural(problems.map(\.count).reduce(0, +), "problem")) (\(summary))")
        throw ExitCode.failure
      }
      let opened = opening.map { $0.openedByKey().isEmpty ? ", all opened" : ", all opened: \($0.openedByKey())" } ?? ""
      Console.note("\(vault.directory): ok, \(summary)\(opened)")
    }

    private func nonCanonical(_ path: String, _ line: Int) -> Diagnostic {
      let message = "not in canonical form from this line on (a hand edit?); `sealvault fmt` rewrites it"
      return Diagnostic(path: path, mark: Mark(line: line, column: 1), message: message)
    }

    /// A rotation record is never committed: staged, it is an error; in the working tree,
    /// a warning (CONTRACT §9).
    private func rotationRecordProblems(_ vault: Vault, index: IndexFiles?, warnings: inout [Diagnostic])
      -> [Diagnostic]
    {
      let path = vault.path(RotationState.file)
      if let index {
        guard index.holds(RotationState.file) else { return [] }
        let message =
          "a rotation record is staged: it must never be committed (a committed record could redirect a rotation); unstage it with git rm --cached"
        return [Diagnostic(path: path, mark: nil, message: message)]
      }
      if FileReader.exists(path) {
        let message =
          "a rotation is in progress (`sealvault rotate` finishes it); never commit this file"
        warnings.append(Diagnostic(path: path, mark: nil, message: message))
      }
      return []
    }

    /// Warns, once per file and kid, about tokens sealed to a key other than the active
    /// one; returns how many there are.
    private func staleWarnings(
      _ secrets: [SealedSecret], path: String, active: KeyID, into warnings: inout [Diagnostic]
    )
      -> Int
    {
      let stale = secrets.filter { $0.token.kid != active }
      for (kid, group) in Dictionary(grouping: stale, by: \.token.kid).sorted(by: { $0.key < $1.key }) {
        let message =
          "stale, sealed to kid \(kid), not the active key \(active) (`sealvault reseal` re-seals; if that key was lost, set them again)"
        warnings.append(groupDiagnostic(group, path: path, message))
      }
      return stale.count
    }
  }
}

/// One diagnostic for secrets that share a problem, at the first one's place:
/// `NAME and 12 more secrets: message`.
func groupDiagnostic(_ secrets: [SealedSecret], path: String, _ message: String) -> Diagnostic {
  let first = secrets[0]
  let others = secrets.count > 1 ? " and \(plural(secrets.count - 1, "more secret"))" : ""
  return Diagnostic(path: path, mark: first.mark, message: "\(first.name)\(others): \(message)")
}
