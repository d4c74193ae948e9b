import ArgumentParser
import SealFormat

extension SealVault {
  struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "get",
      abstract: "Write one value of the effective set, its bytes exactly (no newline added).",
      discussion: """
        Opens only that token. A name not in the effective set is an error (NAME is UNKNOWN in workflow \
        ID). Refuses to write to a terminal unless --force or --output FILE.

        Examples:
          curl -H "Authorization: Bearer $(sealvault get -w deploy STRIPE_KEY)" https://api.stripe.com/v1/charges
          sealvault get -w deploy TLS_KEY --output /run/secrets/tls.key
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @OptionGroup var keyOptions: KeyOptions
    @OptionGroup var output: ValueOutputOptions

    @OptionGroup var nameArgument: NameArgument

    func run() throws {
      try output.refuseTerminal()
      let name = nameArgument.value
      let store = try vaultOptions.store()
      let set = try scopeOptions.effectiveSet(store)
      guard let entry = set[name] else {
        let hint = set.all.first { $0.name.folded == name.folded }.map { "; did you mean '\($0.name)'?" } ?? ""
        throw Failure.failed("\(name) is UNKNOWN in \(scopeOptions.scope.unknownName)\(hint)")
      }
      let values = try Opening.open([entry.sealed], vault: store.vault, keys: keyOptions.sources)
      try output.write { write in values[0].value.bytes.withUnsafeBytes(write) }
    }
  }
}

extension Scope {
  /// Where a name is looked up: `workflow deploy`, or `global`.
  var unknownName: String {
    switch self {
    case .global: "global"
    case .workflow(let id): "workflow \(id)"
    }
  }
}
