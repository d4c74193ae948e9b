import ArgumentParser
import Glibc
import SealFiles
import SealFormat

extension SealVault {
  struct LostKey: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lost-key",
      abstract: "The vault's private key is lost: install a new key pair and list every secret to set again.",
      discussion: """
        Without the old key no value can be re-sealed: lost-key writes a new private key to the key ring \
        (or --key-out FILE), makes its public key the vault's, and lists every secret sealed to a key that \
        no key source here holds; those must be set again (`sealvault set`), and `sealvault check` keeps \
        warning about them until they are. Refused while the vault's key is held here: use rotate, which \
        re-seals every value.

        Examples:
          sealvault lost-key
          sealvault lost-key --key-out /secure/new.key && git commit -am "Replace the lost vault key"
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var keyOptions: KeyOptions

    @Option(help: "Write the new private key to FILE (mode 600) instead of the key ring.")
    var keyOut: String?

    func run() throws {
      let sources = keyOptions.sources
      let (kid, path, lost) = try VaultStore.update(vaultOptions.directory) { (store) throws(Failure) in
        let vault = store.vault
        let active = vault.config.publicKey.kid
        guard try sources.search([active]).found.isEmpty else {
          throw .failed("the vault's key \(active) is held here: use `sealvault rotate`, which re-seals every value")
        }
        guard !FileReader.exists(vault.path(RotationState.file)) else {
          throw .failed("a rotation is in progress (\(vault.path(RotationState.file))); finish it or remove the record")
        }
        let secrets = Array(
          try store.scopes().map { (scope) throws(Failure) in try store.document(scope).sealedSecrets }.joined())
        let held = Swift.Set(try sources.search(secrets.map(\.token.kid)).found.map(\.kid))
        try AtomicFile.probe(vault.directory)
        let pair = KeyPair.generate()
        var created: [String] = []
        let path: String
        if let keyOut { path = keyOut } else { path = try KeyFile.ringPath(for: pair.privateKey, created: &created) }
        try KeyFile.write(pair.privateKey, to: path)
        let config = VaultConfig(publicKey: pair.publicKey).canonicalBytes()
        do throws(Failure) { try AtomicFile.write(config, to: vault.path("sealvault.yaml")) } catch {
          unlink(path)
          for directory in created.reversed() { rmdir(directory) }
          throw error
        }
        return (pair.publicKey.kid, path, secrets.filter { !held.contains($0.token.kid) })
      }
      Console.note("sealvault.yaml now names the new key \(kid); private key written to \(path)")
      guard !lost.isEmpty else {
        return Console.note("every secret's key is held here: `sealvault reseal` re-seals them")
      }
      Console.note("\(plural(lost.count, "secret")) sealed to a key that is not held here must be set again:")
      for secret in lost { Console.note("  \(secret.scope)  \(secret.name)") }
    }
  }
}
