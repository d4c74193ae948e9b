import ArgumentParser
import SealFormat

extension SealVault {
  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set",
      abstract: "Create or update a secret, sealed to the vault's public key.",
      discussion: """
        The value comes from piped stdin (one trailing newline dropped), a hidden prompt on a \
        terminal, or --from-file PATH (bytes as they are); never from an argument.

        Examples:
          printf %s "$STRIPE_KEY" | sealvault set STRIPE_KEY
          sealvault set -w deploy TLS_KEY --from-file tls.key
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @OptionGroup var nameArgument: NameArgument

    @Option(help: "Read the value from PATH, bytes as they are.")
    var fromFile: String?

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var unexpected: [String] = []

    func validate() throws {
      guard unexpected.isEmpty else {
        throw ValidationError(
          "set takes no value argument (argv shows in ps and shell history); pipe the value or use --from-file")
      }
    }

    func run() throws {
      let name = nameArgument.value
      let scope = scopeOptions.scope
      let directory = try vaultOptions.checkedDirectory()
      let value = try ValueInput.read(fromFile: fromFile, prompt: "Value for \(name) in \(scope) (input hidden): ")
      let (created, kid) = try VaultStore.update(directory) { (store) throws(Failure) in
        var document = try store.document(scope)
        try document.checkCaseClash([name])
        let created = document[name] == nil
        let sealer = try store.sealer()
        document.set(name, sealer.seal(value, scope: scope, name: name))
        try store.write(document)
        scopeOptions.warnAboutTypo(store.vault)
        return (created, sealer.recipient.kid)
      }
      if StartupNames.contains(name) { Console.warning(StartupNames.warning(name)) }
      Console.note("\(created ? "created" : "updated") \(name) in \(scope), sealed to key \(kid)")
    }
  }
}

extension ScopeDocument {
  /// Refuses `names` when the scope holds a name that differs from one only in case.
  func checkCaseClash(_ names: [SecretName]) throws(Failure) {
    if let (name, existing) = caseClashes(with: names).first {
      throw .failed(
        "'\(name)' differs only in case from '\(existing)' in \(scope); names are unique regardless of case")
    }
  }
}
