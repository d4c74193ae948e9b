import ArgumentParser
import Glibc
import SealFormat

/// `--vault DIR`, shared by every command that works on a vault.
struct VaultOptions: ParsableArguments {
  @Option(name: .long, help: "The vault directory (default: $SEALVAULT_DIR, else ./vault).")
  var vault: String?

  /// `--vault`, else `$SEALVAULT_DIR`, else `vault` (the current directory's `./vault`).
  var directory: String { vault ?? Environment.value("SEALVAULT_DIR") ?? "vault" }

  /// Opens the vault for reading and writing.
  func store() throws(Failure) -> VaultStore {
    try VaultStore(directory: directory)
  }
}

/// `-w|--workflow ID`: which scope a command works on (global without it).
struct ScopeOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "A workflow id: its scope, workflows/<id>.yaml (global without it).")
  var workflow: String?

  func validate() throws {
    if let workflow, WorkflowID(workflow) == nil {
      throw ValidationError("invalid workflow id \(workflow.quotedForMessage): an id is \(NameRule.text)")
    }
  }

  /// The scope selected; `validate()` has checked the id.
  var scope: Scope { workflow.flatMap(WorkflowID.init).map(Scope.workflow) ?? .global }
}

/// `--key-file PATH`, for the commands that open values.
struct KeyOptions: ParsableArguments {
  @Option(name: .long, help: "A private key file (mode 600), consulted before the environment and the key ring.")
  var keyFile: String?

  var sources: KeySources { KeySources(keyFile: keyFile) }
}

/// Checks a secret name given as an argument (a usage error when malformed).
func validateName(_ text: String) throws -> SecretName {
  guard let name = SecretName(text) else {
    throw ValidationError("invalid secret name \(text.quotedForMessage): a name is \(NameRule.text)")
  }
  return name
}

extension ScopeOptions {
  /// What a run sees: the workflow's effective set (global plus its own), or global alone.
  func effectiveSet(_ store: VaultStore) throws(Failure) -> EffectiveSet {
    guard case .workflow(let id) = scope else { return EffectiveSet(global: try store.document(.global)) }
    do { return try store.vault.effectiveSet(for: id) } catch { throw .vault(error) }
  }
}

/// Refuses to print values to a terminal unless `--force`.
func refuseTerminal(force: Bool) throws(Failure) {
  if !force && isatty(1) == 1 {
    throw .failed("refusing to print secret values to a terminal; redirect stdout to a file or a pipe, or pass --force")
  }
}
