import ArgumentParser
import SealFormat

extension SealVault {
  struct Refs: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "refs",
      abstract: "List each placeholder of templates and what it resolves to: global, workflow/<id> or UNKNOWN.",
      discussion:
        "Needs no key. Exits 1 when any placeholder is UNKNOWN, so CI can catch a reference to a deleted secret.")

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @Argument(help: "Template files (- for stdin).")
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("name at least one template file") }
    }

    func run() throws {
      let set = try scopeOptions.effectiveSet(vaultOptions.store())
      var unknown = 0
      var lines: [String] = []
      for file in files {
        let source = try TemplateSource.read(file)
        for placeholder in source.template.placeholders {
          let origin = set[placeholder.name]?.scope.text ?? "UNKNOWN"
          if set[placeholder.name] == nil { unknown += 1 }
          lines.append(
            "\(source.path):\(placeholder.mark.line):\(placeholder.mark.column)  \(placeholder.name)  \(origin)")
        }
      }
      Console.out(lines.map { $0 + "\n" }.joined())
      if unknown > 0 {
        Console.error(
          "\(plural(unknown, "placeholder")) \(unknown == 1 ? "is" : "are") UNKNOWN: not a secret of \(scopeOptions.scope.runName) (deleted, or never set)"
        )
        throw ExitCode.failure
      }
    }
  }
}
