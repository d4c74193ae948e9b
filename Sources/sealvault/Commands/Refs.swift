import ArgumentParser
import SealFormat

extension SealVault {
  struct Refs: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "refs",
      abstract: "List each placeholder of templates and what it resolves to: global, workflow/<id> or UNKNOWN.",
      discussion: """
        Needs no key. Exits 1 when any placeholder is UNKNOWN, so CI can catch a reference to a deleted \
        secret; a malformed placeholder (@{bad name}, @{}, an unclosed @{) is a warning, and with --strict \
        an error too. A directory stands for every regular file below it (dot-directories skipped).

        Examples:
          sealvault refs -w deploy actions/
          sealvault refs -w deploy --strict --json actions/ > refs.json
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @Argument(help: "Template files or directories (- for stdin).")
    var files: [String]

    @Flag(help: "Exit 1 on malformed placeholders too.")
    var strict = false

    @Flag(help: "An array of {\"path\", \"line\", \"column\", \"name\", \"origin\"} objects on stdout.")
    var json = false

    func validate() throws {
      if files.isEmpty { throw ValidationError("name at least one template file") }
    }

    func run() throws {
      let set = try scopeOptions.effectiveSet(vaultOptions.store())
      var unknown = 0
      var malformed = 0
      var rows: [(path: String, placeholder: Template.Placeholder, origin: String)] = []
      for file in try TemplateSource.expand(files) {
        let source = try TemplateSource.read(file)
        for placeholder in source.template.placeholders {
          let origin = set[placeholder.name]?.scope.text ?? "UNKNOWN"
          if set[placeholder.name] == nil { unknown += 1 }
          rows.append((source.path, placeholder, origin))
        }
        Console.warnings(source.warnings(unknownIn: nil, scope: scopeOptions.scope, rendered: false))
        malformed += source.template.malformed.count
      }
      if json {
        Console.out(
          JSONText.array(
            rows.map { row in
              "{\"path\": \(JSONText.string(row.path)), \"line\": \(row.placeholder.mark.line), \"column\": \(row.placeholder.mark.column), \"name\": \"\(row.placeholder.name)\", \"origin\": \"\(row.origin)\"}"
            }) + "\n")
      } else {
        Console.out(
          rows.map {
            "\(Console.printable($0.path)):\($0.placeholder.mark.line):\($0.placeholder.mark.column)  \($0.placeholder.name)  \($0.origin)\n"
          }
          .joined())
      }
      if unknown > 0 {
        Console.error(
          "\(plural(unknown, "placeholder")) \(unknown == 1 ? "is" : "are") UNKNOWN: not a secret of \(scopeOptions.scope.runName) (deleted, or never set)"
        )
      }
      if strict && malformed > 0 { Console.error("\(plural(malformed, "malformed placeholder")) (--strict)") }
      if unknown > 0 || (strict && malformed > 0) { throw ExitCode.failure }
    }
  }
}
