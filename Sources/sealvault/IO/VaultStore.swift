import SealFiles
import SealFormat

/// The CLI's hold on a vault on disk: reads through `SealFormat.Vault`; writes canonical
/// files atomically, under the vault lock.
struct VaultStore {
  let vault: Vault

  init(directory: String, files: (any VaultFiles)? = nil) throws(Failure) {
    do { vault = try Vault(directory: directory, files: files ?? DirectoryFiles(directory: directory)) } catch {
      throw .vault(error)
    }
  }

  func document(_ scope: Scope) throws(Failure) -> ScopeDocument {
    do { return try vault.document(scope) } catch { throw .vault(error) }
  }

  func scopes() throws(Failure) -> [Scope] {
    do { return try vault.scopes() } catch { throw .vault(error) }
  }

  /// The sealer of one writing command, for the vault's active public key.
  func sealer() throws(Failure) -> Sealer {
    do { return try Sealer(recipient: vault.config.publicKey) } catch {
      throw .invalid(Diagnostics([Diagnostic(path: vault.path("sealvault.yaml"), mark: nil, message: "\(error)")]))
    }
  }

  /// Refuses a new `workflows/<id>.yaml` beside a file whose id differs from `id` only in
  /// case: the vault's own readers would refuse the pair (one file on a case-insensitive disk).
  private func refuseCaseClash(_ id: WorkflowID) throws(Failure) {
    for case .workflow(let other) in vault.listing().scopes
    where other != id && other.text.lowercased() == id.text.lowercased() {
      throw .failed(
        "workflow id '\(id)' differs only in case from '\(other)' (\(vault.path(Scope.workflow(other).relativePath))); ids are unique regardless of case"
      )
    }
  }

  /// Runs `body` holding the lock on `directory`, after clearing what killed writers left.
  static func locked<Result>(_ directory: String, _ body: () throws(Failure) -> Result) throws(Failure) -> Result {
    let lock = try VaultLock(directory: directory)
    defer { lock.unlock() }
    AtomicFile.removeLeftovers(in: directory)
    AtomicFile.removeLeftovers(in: Vault.join(directory, "workflows"))
    return try body()
  }

  /// A read-modify-write: the vault is read after the lock is taken, so concurrent writers
  /// never lose an update and a rotation in between is seen.
  static func update<Result>(_ directory: String, _ body: (VaultStore) throws(Failure) -> Result)
    throws(Failure) -> Result
  {
    guard FileReader.exists(Vault.join(directory, "sealvault.yaml")) else { throw .vault(.missing(directory)) }
    return try locked(directory) { () throws(Failure) in try body(VaultStore(directory: directory)) }
  }

  /// Writes a scope in canonical form; a workflow scope left empty has its file removed. A
  /// file readers would refuse (over 16 MiB) is not written.
  func write(_ document: ScopeDocument) throws(Failure) {
    let path = vault.path(document.scope.relativePath)
    let bytes = document.canonicalBytes()
    guard bytes.count <= Vault.maxFileBytes else {
      throw .failed(
        "\(path) would be over 16 MiB (\(plural(document.count, "secret"))); nothing written: move secrets to workflow scopes"
      )
    }
    if case .workflow(let id) = document.scope {
      if document.count == 0 { return try AtomicFile.remove(path) }
      try refuseCaseClash(id)
      try AtomicFile.makeDirectory(vault.path("workflows"))
    }
    try AtomicFile.write(bytes, to: path)
  }
}
