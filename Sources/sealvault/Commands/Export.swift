import ArgumentParser
import SealFormat

extension SealVault {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write the effective set to stdout as json (an object), dotenv or shell.",
      discussion: """
        dotenv reads back identically with python-dotenv (a value holding ${ is named in a warning: \
        readers that expand variables would change it); shell is `export NAME='value'`, safe to eval, \
        and refuses names that are not shell variable names. Every format but json refuses a secret whose \
        name programs read at start-up (BASH_ENV, LD_PRELOAD, PATH, ...) unless --allow-env NAME. Refuses \
        to write to a terminal unless --force.
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @OptionGroup var keyOptions: KeyOptions
    @OptionGroup var startupOptions: StartupOptions

    @Option(help: "json (default), dotenv or shell.")
    var format: ExportFormat = .json

    @Flag(help: "Write values even when stdout is a terminal.")
    var force = false

    func run() throws {
      try refuseTerminal(force: force)
      let store = try vaultOptions.store()
      let entries = try scopeOptions.effectiveSet(store).all
      let unsupported = format.unsupportedNames(entries.map(\.name))
      guard unsupported.isEmpty else { throw Failure.notShellNames(unsupported) }
      if format != .json { try startupOptions.refuseStartupNames(entries, vault: store.vault) }
      let values = try Opening.open(entries.map(\.sealed), vault: store.vault, keys: keyOptions.sources)
      if format == .dotenv {
        for (name, value) in values where value.bytes.contains("${".utf8) {
          Console.warning(
            "'\(name)' contains ${: python-dotenv's default reading (interpolate=True) and other readers that expand variables would change it"
          )
        }
      }
      do { Console.write(try format.format(values)) } catch {
        switch error {
        case .notShellNames(let names): throw Failure.notShellNames(names)
        case .notDotenvValues(let names):
          let list = names.map { "'\($0)'" }.joined(separator: ", ")
          throw Failure.failed(
            "\(list): a value that ends with a backslash and holds a line end, a leading space or quote, or a space before # cannot be written so that python-dotenv reads it back; use --format json"
          )
        }
      }
    }
  }
}

extension ExportFormat: ExpressibleByArgument {}

extension Failure {
  /// Names `--format shell` cannot export.
  static func notShellNames(_ names: [SecretName]) -> Failure {
    let list = names.map { "'\($0)'" }.joined(separator: ", ")
    return .failed(
      "\(list) \(names.count == 1 ? "is not a shell variable name" : "are not shell variable names") ([A-Za-z_][A-Za-z0-9_]*); use --format json or dotenv"
    )
  }
}
