import ArgumentParser
import SealFormat

extension SealVault {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a vault: a new key pair, sealvault.yaml and an empty global.yaml.",
      discussion: "The private key goes to the key ring as <kid>.key (mode 600), or to --key-out FILE.")

    @OptionGroup var vaultOptions: VaultOptions

    @Option(help: "Write the private key to FILE (mode 600) instead of the key ring.")
    var keyOut: String?

    func run() throws {
      let directory = vaultOptions.directory
      try AtomicFile.makeDirectory(directory)
      let pair = KeyPair.generate()
      let keyPath = try keyOut ?? KeyFile.ringPath(for: pair.privateKey)
      try VaultStore.locked(directory) { () throws(Failure) in
        for file in ["sealvault.yaml", "global.yaml", "workflows"] where FileReader.exists(Vault.join(directory, file))
        {
          throw .failed("\(directory) already holds a vault (\(file) exists); init never touches an existing vault")
        }
        try KeyFile.write(pair.privateKey, to: keyPath)
        try AtomicFile.write(ScopeDocument(scope: .global).canonicalBytes(), to: Vault.join(directory, "global.yaml"))
        let config = VaultConfig(publicKey: pair.publicKey)
        try AtomicFile.write(config.canonicalBytes(), to: Vault.join(directory, "sealvault.yaml"))
      }
      Console.note("created vault \(directory) with key \(pair.publicKey.kid)")
      Console.note("private key written to \(keyPath): keep it secret; only executors need it")
    }
  }
}
