import ArgumentParser
import Glibc
import SealFiles
import SealFormat

extension SealVault {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Create a vault: a new key pair, sealvault.yaml and an empty global.yaml.",
      discussion: """
        The private key goes to the key ring as <kid>.key (mode 600), or to --key-out FILE.

        Examples:
          sealvault init
          sealvault init --vault secrets --key-out /secure/vault.key
        """)

    @OptionGroup var vaultOptions: VaultOptions

    @Option(help: "Write the private key to FILE (mode 600) instead of the key ring.")
    var keyOut: String?

    func run() throws {
      let directory = vaultOptions.given ?? "vault"
      try refuseExistingVault(directory)
      if let keyOut, FileReader.exists(keyOut) { throw Failure.failed("\(keyOut) already exists; not overwriting it") }
      var created: [String] = []
      var written: [String] = []
      do {
        created += try AtomicFile.makeDirectory(directory)
        let pair = KeyPair.generate()
        let keyPath = try keyOut ?? KeyFile.ringPath(for: pair.privateKey, created: &created)
        try VaultStore.locked(directory) { () throws(Failure) in
          try refuseExistingVault(directory)
          try KeyFile.write(pair.privateKey, to: keyPath)
          written.append(keyPath)
          for (file, bytes) in [
            ("global.yaml", ScopeDocument(scope: .global).canonicalBytes()),
            ("sealvault.yaml", VaultConfig(publicKey: pair.publicKey).canonicalBytes()),
          ] {
            try AtomicFile.write(bytes, to: Vault.join(directory, file))
            written.append(Vault.join(directory, file))
          }
        }
        Console.note("created vault \(directory) with key \(pair.publicKey.kid)")
        Console.note("private key written to \(keyPath): keep it secret; only executors need it")
      } catch {
        for path in written.reversed() { unlink(path) }
        for path in created.reversed() { rmdir(path) }
        throw error
      }
    }

    /// Refuses a directory that already holds (part of) a vault.
    private func refuseExistingVault(_ directory: String) throws(Failure) {
      for file in ["sealvault.yaml", "global.yaml", "workflows"] where FileReader.exists(Vault.join(directory, file)) {
        throw .failed("\(directory) already holds a vault (\(file) exists); init never touches an existing vault")
      }
    }
  }
}
