import ArgumentParser
import SealFormat

extension SealVault {
  struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fmt",
      abstract: "Rewrite the vault's files in canonical form (after a hand edit or a hand-resolved merge).",
      discussion: """
        Invalid files are reported and nothing is written. Values are untouched: no key is needed.

        Examples:
          sealvault fmt && git add vault
        """)

    @OptionGroup var vaultOptions: VaultOptions

    func run() throws {
      let directory = vaultOptions.directory
      let rewritten = try VaultStore.update(directory) { (store) throws(Failure) in
        var rewritten: [String] = []
        if store.vault.config.firstNonCanonicalLine != nil {
          try AtomicFile.write(store.vault.config.canonicalBytes(), to: store.vault.path("sealvault.yaml"))
          rewritten.append(store.vault.path("sealvault.yaml"))
        }
        let documents = try store.scopes().map { (scope) throws(Failure) in try store.document(scope) }
        for document in documents where document.firstNonCanonicalLine != nil {
          try store.write(document)
          rewritten.append(store.vault.path(document.scope.relativePath))
        }
        return rewritten
      }
      for path in rewritten { Console.note("rewrote \(path)") }
      if rewritten.isEmpty { Console.note("\(directory): already canonical") }
    }
  }
}
