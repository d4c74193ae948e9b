import ArgumentParser
import Glibc
import SealFormat

/// `--vault DIR`, shared by every command that works on a vault.
struct VaultOptions: ParsableArguments {
  @Option(
    name: .long,
    help:
      "The vault directory (default: $SEALVAULT_DIR, else this directory if it holds sealvault.yaml, else the nearest vault/ up to the repository's root)."
  )
  var vault: String?

  /// `--vault`, else `$SEALVAULT_DIR`, else the vault found from the current directory
  /// (CONTRACT §5), else `vault`, where `init` creates one.
  var directory: String { given ?? VaultDiscovery.find() ?? "vault" }

  /// `--vault`, else `$SEALVAULT_DIR`: a directory the user named.
  var given: String? { vault ?? Environment.value("SEALVAULT_DIR") }

  /// Opens the vault for reading and writing.
  func store() throws(Failure) -> VaultStore {
    try VaultStore(directory: directory)
  }

  /// The directory, once its vault has been read and found valid: a writer that reads a
  /// value first (a prompt, stdin, a dotenv file) fails before asking for it.
  func checkedDirectory() throws(Failure) -> String {
    _ = try store()
    return directory
  }
}

/// `-w|--workflow ID`: which scope a command works on (global without it).
struct ScopeOptions: ParsableArguments {
  @Option(
    name: [.short, .long], help: "A workflow id: its scope, workflows/<id>.yaml (global without it).",
    completion: .custom(Completions.workflowIDs))
  var workflow: Parsed<WorkflowID>?

  func validate() throws {
    try workflow?.check()
  }

  /// The scope selected; `validate()` has checked the id.
  var scope: Scope { workflow.map { .workflow($0.value) } ?? .global }
}

extension ScopeOptions {
  /// Warns when `-w ID` names a workflow with no file while an existing id differs from it
  /// only in case or by at most two edits: likely a typo (the command still runs, since a
  /// workflow may have no secrets of its own).
  func warnAboutTypo(_ vault: Vault) {
    guard case .workflow(let id) = scope else { return }
    let ids = vault.listing().scopes.compactMap { scope -> WorkflowID? in
      if case .workflow(let id) = scope { id } else { nil }
    }
    guard !ids.contains(id) else { return }
    let typed = id.text.lowercased()
    var best: (id: WorkflowID, distance: Int)?
    for candidate in ids {
      let distance = EditDistance.between(candidate.text.lowercased(), typed)
      if distance <= 2, distance < best?.distance ?? .max { best = (candidate, distance) }
    }
    if let best {
      Console.warning("workflow '\(id)' has no secrets of its own; did you mean '\(best.id)'?")
    }
  }
}

/// `--key-file PATH`, for the commands that open values.
struct KeyOptions: ParsableArguments {
  @Option(name: .long, help: "A private key file (mode 600), consulted before the environment and the key ring.")
  var keyFile: String?

  var sources: KeySources { KeySources(keyFile: keyFile) }
}

extension ScopeOptions {
  /// What a run sees: the workflow's effective set (global plus its own), or global alone.
  func effectiveSet(_ store: VaultStore) throws(Failure) -> EffectiveSet {
    guard case .workflow(let id) = scope else { return EffectiveSet(global: try store.document(.global)) }
    warnAboutTypo(store.vault)
    do { return try store.vault.effectiveSet(for: id) } catch { throw .vault(error) }
  }
}

/// `--allow-env NAME`: the start-up names (CONTRACT §9) the executor accepts in a run's or
/// an export's effective set.
struct StartupOptions: ParsableArguments {
  @Option(
    name: .customLong("allow-env"),
    help: "Accept a secret named NAME although programs read it at start-up (BASH_ENV, LD_PRELOAD, PATH, ...).")
  var allowEnv: [Parsed<SecretName>] = []

  func validate() throws {
    for name in allowEnv { try name.check() }
  }

  /// Fails, naming each, when `entries` hold start-up names not accepted with --allow-env.
  func refuseStartupNames(_ entries: [EffectiveSet.Entry], vault: Vault) throws(Failure) {
    let allowed = Swift.Set(allowEnv.map(\.value))
    let refused = StartupNames.refused(entries.map(\.name), allowing: allowed)
    guard !refused.isEmpty else { return }
    let diagnostics = entries.filter { refused.contains($0.name) }.map { entry in
      Diagnostic(
        path: vault.path(entry.scope.relativePath), mark: entry.mark,
        message:
          "\(entry.name): refused: \(StartupNames.reason); if the executor means it, pass --allow-env \(entry.name)")
    }
    throw .invalid(Diagnostics(diagnostics))
  }
}

extension StartupNames {
  /// The warning `check`, `set` and `import` give for a start-up name they see or write.
  static func warning(_ name: SecretName) -> String {
    "\(name): \(reason); run and export refuse it unless the executor passes --allow-env \(name)"
  }
}
