import ArgumentParser
import SealFormat

extension SealVault {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write the effective set as json (an object), dotenv, shell, docker, github or k8s.",
      discussion: """
        json is one object. dotenv reads back identically with python-dotenv (a value holding ${ is named \
        in a warning: readers that expand variables would change it). shell is `export NAME='value'`, safe \
        to eval, and refuses names that are not shell variable names. docker is NAME=value lines for \
        `docker run --env-file`, read literally (a value with a line end is refused). github is \
        NAME<<DELIM heredocs for $GITHUB_ENV, with a fresh random delimiter per value. k8s is a Kubernetes \
        Secret manifest (--name required, --namespace optional), each value base64-encoded under data:. \
        Every format but json refuses a secret whose name programs read at start-up (BASH_ENV, LD_PRELOAD, \
        PATH, ...) unless --allow-env NAME. Refuses to write to a terminal unless --force or --output FILE.

        Examples:
          sealvault export -w deploy --output /run/secrets/deploy.json
          sealvault export -w deploy --format docker --output deploy.env && docker run --env-file deploy.env app
          sealvault export -w deploy --format github >> "$GITHUB_ENV"
          sealvault export -w deploy --format k8s --name deploy-secrets | kubectl apply -f -
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @OptionGroup var keyOptions: KeyOptions
    @OptionGroup var startupOptions: StartupOptions

    @Option(help: "json (default), dotenv, shell, docker, github or k8s.")
    var format: ExportFormat = .json

    @Option(help: "With --format k8s: the Secret's metadata.name (required).")
    var name: String?

    @Option(help: "With --format k8s: the Secret's metadata.namespace.")
    var namespace: String?

    func validate() throws {
      guard format == .k8s else {
        if name != nil || namespace != nil { throw ValidationError("--name and --namespace go with --format k8s") }
        return
      }
      guard let name else { throw ValidationError("--format k8s needs --name NAME, the Secret's metadata.name") }
      guard KubernetesManifest(name: name, namespace: namespace) != nil else {
        throw ValidationError(
          "--name must be a DNS subdomain and --namespace a DNS label (lowercase letters, digits, '-', '.' in a name)")
      }
    }

    @OptionGroup var output: ValueOutputOptions

    func run() throws {
      try output.refuseTerminal()
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
      let bytes: SecretBytes
      let manifest = name.flatMap { KubernetesManifest(name: $0, namespace: namespace) }
      do { bytes = try format.format(values, manifest: manifest) } catch {
        switch error {
        case .notShellNames(let names): throw Failure.notShellNames(names)
        case .notDotenvValues(let names):
          let list = names.map { "'\($0)'" }.joined(separator: ", ")
          throw Failure.failed(
            "\(list): a value that ends with a backslash and holds a line end, a leading space or quote, or a space before # cannot be written so that python-dotenv reads it back; use --format json"
          )
        case .multiLineDockerValues(let names):
          let list = names.map { "'\($0)'" }.joined(separator: ", ")
          throw Failure.failed(
            "\(list): a value holding a line end cannot be written for docker --env-file, which reads one NAME=value per line; use --format json"
          )
        }
      }
      try output.write { write in bytes.withUnsafeBytes(write) }
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
