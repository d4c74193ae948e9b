import SealFiles
import SealFormat

/// Shell completion of secret names and workflow ids from the vault at hand (the one
/// `--vault` names, else the one found from the current directory). Never fails: a vault
/// that cannot be read completes nothing.
enum Completions {
  /// Names of the effective set (`-w ID` on the line, else global) that start with `prefix`.
  @Sendable static func secretNames(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
    guard let vault = vault(words) else { return [] }
    var names = (try? vault.document(.global).secrets.map(\.name.text)) ?? []
    if let id = value(of: ["-w", "--workflow"], in: words).flatMap(WorkflowID.init) {
      names += (try? vault.document(.workflow(id)).secrets.map(\.name.text)) ?? []
    }
    return Array(Swift.Set(names)).filter { $0.hasPrefix(prefix) }.sorted()
  }

  /// Workflow ids of the vault that start with `prefix`.
  @Sendable static func workflowIDs(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
    guard let vault = vault(words) else { return [] }
    return vault.listing().scopes.compactMap { scope in
      guard case .workflow(let id) = scope, id.text.hasPrefix(prefix) else { return nil }
      return id.text
    }
  }

  private static func vault(_ words: [String]) -> Vault? {
    let directory =
      value(of: ["--vault"], in: words) ?? Environment.value("SEALVAULT_DIR") ?? VaultDiscovery.find() ?? "vault"
    return try? Vault(directory: directory)
  }

  /// The value given to one of `options` (`--vault DIR` or `--vault=DIR`), if any.
  private static func value(of options: [String], in words: [String]) -> String? {
    for (index, word) in words.enumerated() {
      if options.contains(word), index + 1 < words.count { return words[index + 1] }
      for option in options where word.hasPrefix(option + "=") { return String(word.dropFirst(option.count + 1)) }
    }
    return nil
  }
}
