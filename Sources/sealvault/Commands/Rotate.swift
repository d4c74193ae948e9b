import ArgumentParser
import Glibc
import SealFiles
import SealFormat

extension SealVault {
  struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rotate",
      abstract: "Re-seal every token to a new key pair, then make it the vault's key.",
      discussion: """
        The new private key goes to the key ring (or --key-out FILE) and is synced before anything is \
        sealed to it; each file is re-sealed atomically, opening its tokens with whichever key their kid \
        names; sealvault.yaml changes last. Interrupted at any point, running rotate again finishes the \
        pending rotation instead of starting another; at every moment every token opens with a ring key.

        Examples:
          sealvault rotate --dry-run
          sealvault rotate && git commit -am "Rotate the vault key"
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var keyOptions: KeyOptions

    @Option(help: "Write the new private key to FILE (mode 600) instead of the key ring.")
    var keyOut: String?

    @Flag(help: "Say what rotate would do, and check that every token's key is at hand; change nothing.")
    var dryRun = false

    func run() throws {
      let directory = vaultOptions.directory
      let sources = keyOptions.sources
      try VaultStore.update(directory) { (store) throws(Failure) in
        let pending = try RotationState.pending(in: store.vault, heldBy: sources)
        let documents = try store.scopes().map { (scope) throws(Failure) in try store.document(scope) }
        try sources.requireActiveKey(of: store.vault)
        // Every token is opened before a key is made: one that does not open (tampered,
        // moved, or its key missing) fails rotate while nothing has changed.
        let opener = Opener()
        let opened = try documents.filter { $0.secrets.contains { $0.token.kid != pending?.kid } }.map {
          (document) throws(Failure) in
          (document, try Opening.open(document.sealedSecrets, vault: store.vault, keys: sources, opener: opener))
        }
        if dryRun { return describe(store.vault, documents, pending: pending) }
        try checkWritable(store.vault, documents)
        let target: PublicKey
        if let pending { target = pending } else { target = try start(store.vault) }
        let sealer: Sealer
        do { sealer = try Sealer(recipient: target) } catch {
          throw .failed("\(store.vault.path(RotationState.file)): \(error)")
        }
        for (document, values) in opened {
          var resealed = ScopeDocument(scope: document.scope)
          resealed.set(values.map { ($0.name, sealer.seal($0.value, scope: document.scope, name: $0.name)) })
          try store.write(resealed)
          Console.note(
            "re-sealed \(plural(values.count, "secret")) in \(store.vault.path(document.scope.relativePath))")
        }
        try AtomicFile.write(VaultConfig(publicKey: target).canonicalBytes(), to: store.vault.path("sealvault.yaml"))
        try RotationState.finish(in: store.vault)
        Console.note(
          "sealvault.yaml now names key \(target.kid); retire key \(store.vault.config.publicKey.kid) once executors have the new key and this change is merged"
        )
      }
    }

    /// A new key pair: its private key written (and synced), then the rotation recorded;
    /// if either fails, the new key file and the directories made for it are removed again.
    private func start(_ vault: Vault) throws(Failure) -> PublicKey {
      let pair = KeyPair.generate()
      let path: String
      var created: [String] = []
      if let keyOut { path = keyOut } else { path = try KeyFile.ringPath(for: pair.privateKey, created: &created) }
      do throws(Failure) {
        try KeyFile.write(pair.privateKey, to: path)
        do { try RotationState.begin(pair.publicKey, in: vault) } catch {
          try? AtomicFile.remove(path)
          throw error
        }
      } catch {
        for directory in created.reversed() { rmdir(directory) }
        throw error
      }
      Console.note("rotating to new key \(pair.publicKey.kid); private key written to \(path)")
      return pair.publicKey
    }

    /// Fails, before a key is made, when a directory rotate writes to cannot be written.
    private func checkWritable(_ vault: Vault, _ documents: [ScopeDocument]) throws(Failure) {
      var directories = [vault.directory]
      if documents.contains(where: { $0.scope != .global }) { directories.append(vault.path("workflows")) }
      for directory in directories { try AtomicFile.probe(directory) }
    }

    private func describe(_ vault: Vault, _ documents: [ScopeDocument], pending: PublicKey?) {
      if let pending {
        Console.note("would resume the rotation to key \(pending.kid)")
      } else {
        let destination = keyOut ?? KeySources.ringDirectory() + "/<new kid>.key"
        Console.note("would make a new key pair and write its private key to \(destination)")
      }
      for document in documents {
        let count = document.secrets.filter { $0.token.kid != pending?.kid }.count
        if count > 0 {
          Console.note("would re-seal \(plural(count, "secret")) in \(vault.path(document.scope.relativePath))")
        }
      }
      Console.note(
        "would then set the key in \(vault.path("sealvault.yaml")) (every token opens; nothing changed)")
    }
  }
}

/// A rotation in progress: `.sealvault-rotation` in the vault holds the new public key from
/// the moment its private key is safe on disk until `sealvault.yaml` names it. A dotfile,
/// so `check` and `git add` of the vault's files pass it by; it holds no secret.
enum RotationState {
  static let file = ".sealvault-rotation"

  /// The key a rotation in progress re-seals to. Anyone who can commit could write a
  /// record, so it is followed only toward a key whose private key `sources` hold: a
  /// rotation this executor started itself (CONTRACT §9).
  static func pending(in vault: Vault, heldBy sources: KeySources) throws(Failure) -> PublicKey? {
    let path = vault.path(file)
    guard FileReader.exists(path) else { return nil }
    let text: [UInt8]
    do { text = try FileReader.readVaultFile(path, limit: 1024, tooLong: "too long") } catch {
      throw .file(error)
    }
    guard let key = PublicKey(text: Substring(String(decoding: text, as: UTF8.self)).prefix { $0 != "\n" }) else {
      throw .failed("\(path): not a rotation record (expected one sv1pk: line); remove it to start a new rotation")
    }
    guard try !sources.search([key.kid]).found.isEmpty else {
      throw .failed(
        "\(path) names key \(key.kid), whose private key is not held here; rotate resumes only toward a key you hold (a committed record could redirect every secret to another key): nothing was re-sealed; if you did not start this rotation, remove the file"
      )
    }
    return key
  }

  static func begin(_ key: PublicKey, in vault: Vault) throws(Failure) {
    try AtomicFile.write(Array((key.text + "\n").utf8), to: vault.path(file))
  }

  static func finish(in vault: Vault) throws(Failure) {
    try AtomicFile.remove(vault.path(file))
  }
}
