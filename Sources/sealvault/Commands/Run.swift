import ArgumentParser
import Glibc
import SealFormat

extension SealVault {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Run a command with the effective set added to its environment.",
      discussion: """
        Secrets win over inherited variables of the same name. stdin passes through; SIGINT, SIGTERM and \
        SIGHUP are forwarded; the exit status is the command's (128+N if signal N killed it, 127 if it is \
        not found). With --mask, no secret value of 4 bytes or more appears in its stdout or stderr. \
        The command gets no SEALVAULT_* variable, and a secret whose name programs read at start-up \
        (BASH_ENV, LD_PRELOAD, PATH, NODE_OPTIONS, ...) is refused unless --allow-env NAME.

        Examples:
          sealvault run -w deploy -- ./deploy.sh --prod
          sealvault run -w deploy --mask -- terraform apply
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions
    @OptionGroup var keyOptions: KeyOptions
    @OptionGroup var startupOptions: StartupOptions

    @Flag(help: "Replace every secret value (4 bytes or more) in the command's output with ***.")
    var mask = false

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
      if command.isEmpty {
        throw ValidationError("name the command to run after --: sealvault run -w ID -- CMD ARGS...")
      }
    }

    func run() throws {
      let store = try vaultOptions.store()
      let entries = try scopeOptions.effectiveSet(store).all
      try startupOptions.refuseStartupNames(entries, vault: store.vault)
      let sources = keyOptions.sources
      let child: ChildProcess
      do {
        let values = try Opening.open(entries.map(\.sealed), vault: store.vault, keys: sources)
        child = try ChildProcess.start(command, values: values, mask: mask, keys: sources.held)
      }  // The opened values are released (and wiped) here, before the command runs its course.
      Glibc.exit(child.wait())
    }
  }
}
