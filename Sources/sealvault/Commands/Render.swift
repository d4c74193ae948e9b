import ArgumentParser
import SealFiles
import SealFormat

extension SealVault {
  struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "render",
      abstract: "Resolve @{NAME} placeholders in a template to stdout.",
      discussion: """
        @@{ is a literal @{. A name not in the effective set renders as UNKNOWN and is named on \
        stderr (--strict: an error, and nothing on stdout). Only the referenced secrets are opened. \
        Refuses to write to a terminal unless --force.

        Examples:
          sealvault render -w deploy --strict action.json | curl --json @- https://executor.internal/run
          sealvault render -w deploy --escape url - <<< 'https://hooks.example/?t=@{HOOK_TOKEN}'
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @OptionGroup var keyOptions: KeyOptions

    @Argument(help: "The template file, or - for stdin (the default).")
    var template = "-"

    @Option(help: "Escape values for json, url or none (default: json for .json templates, else none).")
    var escape: Escaping?

    @Flag(help: "Fail, printing nothing, when a placeholder is not in the effective set.")
    var strict = false

    @OptionGroup var output: ValueOutputOptions

    func run() throws {
      try output.refuseTerminal()
      let store = try vaultOptions.store()
      let source = try TemplateSource.read(template)
      let set = try scopeOptions.effectiveSet(store)
      let problems = source.warnings(unknownIn: set, scope: scopeOptions.scope, rendered: !strict)
      if strict && !problems.isEmpty { throw Failure.invalid(Diagnostics(problems)) }
      Console.warnings(problems)
      let names = Swift.Set(source.template.placeholders.map(\.name))
      let entries = names.sorted().compactMap { set[$0] }
      let escaping = escape ?? (source.path.hasSuffix(".json") ? .json : Escaping.none)
      var escaped: [SecretName: SecretBytes] = [:]
      for (name, value) in try Opening.open(entries.map(\.sealed), vault: store.vault, keys: keyOptions.sources) {
        escaped[name] = escaping.apply(value.bytes)
      }
      try output.write { write in source.template.render({ escaped[$0] }, to: write) }
    }
  }
}

extension Escaping: ExpressibleByArgument {}

extension Scope {
  /// How a run names what it resolves against: `workflow deploy`, or `global` without -w.
  var runName: String {
    switch self {
    case .global: "global (no -w)"
    case .workflow(let id): "workflow \(id)"
    }
  }
}
