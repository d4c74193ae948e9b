import ArgumentParser
import SealFormat

extension SealVault {
  struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "delete",
      abstract: "Remove a secret; workflows that refer to it see UNKNOWN on their next run.",
      discussion: """
        Examples:
          sealvault delete -w deploy OLD_TOKEN
        """,
      aliases: ["rm"])

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @OptionGroup var nameArgument: NameArgument

    func run() throws {
      let name = nameArgument.value
      let scope = scopeOptions.scope
      let directory = vaultOptions.directory
      try VaultStore.update(directory) { (store) throws(Failure) in
        var document = try store.document(scope)
        guard document.remove(name) else {
          let hint = document.existingName(foldedAs: name).map { " (names match exact case: did you mean '\($0)'?)" }
          throw .failed("no secret '\(name)' in \(scope)\(hint ?? "")")
        }
        try store.write(document)
      }
      Console.note("deleted \(name) from \(scope)")
    }
  }
}
