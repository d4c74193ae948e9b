import ArgumentParser
import Glibc
import SealFormat

extension SealVault {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Set every NAME=value of a dotenv file into the scope, in one atomic write.",
      discussion: """
        python-dotenv's syntax: quotes, escapes, comments, `export ` prefixes, multi-line quoted \
        values. Values are taken literally (no ${VAR} expansion). Any bad entry fails the whole \
        import and nothing is written.

        Examples:
          sealvault import -w deploy .env && rm .env
          op read op://vault/app/env | sealvault import -
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @Argument(help: "The dotenv file, or - for stdin.")
    var file: String

    func run() throws {
      let scope = scopeOptions.scope
      let directory = try vaultOptions.checkedDirectory()
      let entries = try readEntries()
      let (created, updated, kid) = try VaultStore.update(directory) { (store) throws(Failure) in
        var document = try store.document(scope)
        try document.checkCaseClash(entries.map(\.name))
        let sealer = try store.sealer()
        let created = entries.filter { document[$0.name] == nil }.count
        document.set(entries.map { ($0.name, sealer.seal($0.value, scope: scope, name: $0.name)) })
        try store.write(document)
        scopeOptions.warnAboutTypo(store.vault)
        return (created, entries.count - created, sealer.recipient.kid)
      }
      for entry in entries where StartupNames.contains(entry.name) {
        Console.warning(
          Diagnostic(path: file == "-" ? "stdin" : file, mark: entry.mark, message: StartupNames.warning(entry.name)))
      }
      Console.note(
        "imported \(plural(entries.count, "secret")) into \(scope) (\(created) created, \(updated) updated), sealed to key \(kid)"
      )
    }

    private func readEntries() throws(Failure) -> [DotenvEntry] {
      let limit = Vault.maxFileBytes  // what could not be imported into one scope file anyway
      let bytes: SecretBytes
      if file == "-" {
        guard isatty(0) == 0 else { throw .failed("stdin is a terminal; pipe the dotenv file or name it") }
        guard let piped = try SecretInput.readAll(0, limit: limit, name: "stdin") else {
          throw .failed("stdin: over 16 MiB")
        }
        bytes = piped
      } else {
        bytes = try SecretInput.readFile(file, limit: limit)
      }
      let path = file == "-" ? "stdin" : file
      let entries: [DotenvEntry]
      do { entries = try Dotenv.parse(bytes, path: path) } catch { throw .invalid(error) }
      for entry in entries where entry.hasExpansionSyntax {
        let message = "'\(entry.name)' contains ${...}, kept literally (import does not expand variables)"
        Console.warning(Diagnostic(path: path, mark: entry.mark, message: message))
      }
      return entries
    }
  }
}
