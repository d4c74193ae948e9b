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
      let unknown = source.template.placeholders.filter { set[$0.name] == nil }
      if !unknown.isEmpty {
        let diagnostics = unknown.map { placeholder in
          Diagnostic(
            path: source.path, mark: placeholder.mark,
            message: "@{\(placeholder.name)} is not a secret of \(scopeOptions.scope.runName)")
        }
        if strict { throw Failure.invalid(Diagnostics(diagnostics)) }
        for diagnostic in diagnostics { Console.warning(diagnostic, suffix: " (rendered as UNKNOWN)") }
      }
      let names = Swift.Set(source.template.placeholders.map(\.name))
      let entries = set.all.filter { names.contains($0.name) }
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

/// A template read from a file or stdin.
struct TemplateSource {
  let path: String
  let template: Template

  static func read(_ path: String) throws(Failure) -> TemplateSource {
    let limit = 16 * 1024 * 1024
    if path == "-" {
      guard let bytes = try SecretInput.readAll(0, limit: limit, name: "stdin") else {
        throw .failed("stdin: the template is over 16 MiB")
      }
      return TemplateSource(path: "stdin", template: Template(bytes.withUnsafeBytes { Array($0) }))
    }
    do {
      return TemplateSource(
        path: path, template: Template(try FileReader.read(path, limit: limit, tooLong: "the template is over 16 MiB")))
    } catch {
      throw .file(error)
    }
  }
}
