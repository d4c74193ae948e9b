import ArgumentParser
import SealFormat

extension SealVault {
  struct Reseal: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "reseal",
      abstract: "Re-seal every stale token (sealed to a key other than the active one) to the active key.",
      discussion: """
        No new key pair is made: after a rotation, a stale token from an old branch is re-sealed to the \
        key sealvault.yaml names, which must be held here (and so must the stale token's old key). Every \
        stale token is opened before anything is written; each file is replaced atomically.

        Examples:
          sealvault reseal --dry-run
          sealvault reseal && git commit -am "Re-seal stale tokens"
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var keyOptions: KeyOptions

    @Flag(help: "Say how many tokens would be re-sealed, having opened them all; change nothing.")
    var dryRun = false

    func run() throws {
      let sources = keyOptions.sources
      let count = try VaultStore.update(vaultOptions.directory) { (store) throws(Failure) in
        let active = store.vault.config.publicKey
        try sources.requireActiveKey(of: store.vault)
        let opener = Opener()
        var resealed: [(document: ScopeDocument, values: [(name: SecretName, value: SecretValue)])] = []
        for scope in try store.scopes() {
          let document = try store.document(scope)
          let stale = document.sealedSecrets.filter { $0.token.kid != active.kid }
          if stale.isEmpty { continue }
          resealed.append((document, try Opening.open(stale, vault: store.vault, keys: sources, opener: opener)))
        }
        let count = resealed.reduce(0) { $0 + $1.values.count }
        if dryRun { return count }
        let sealer = try store.sealer()
        for (var document, values) in resealed {
          document.set(values.map { ($0.name, sealer.seal($0.value, scope: document.scope, name: $0.name)) })
          try store.write(document)
        }
        return count
      }
      let verb = dryRun ? "would re-seal" : "re-sealed"
      Console.note("\(verb) \(plural(count, "stale token")) to the active key")
    }
  }
}
