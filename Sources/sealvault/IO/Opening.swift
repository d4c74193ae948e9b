import SealFormat

/// Opens the entries a run needs, with keys gathered only for the kids they name; any token
/// that does not open fails the command, naming its file, line, column and secret.
enum Opening {
  static func open(_ entries: [EffectiveSet.Entry], vault: Vault, keys: KeySources) throws(Failure)
    -> [(name: SecretName, value: SecretValue)]
  {
    let opener = Opener(keys: try keys.keys(for: entries.map(\.token.kid)))
    var values: [(name: SecretName, value: SecretValue)] = []
    var problems: [Diagnostic] = []
    for (entry, result) in zip(entries, opener.openAll(entries.map(\.sealed))) {
      switch result {
      case .success(let value): values.append((entry.name, value))
      case .failure(let error):
        let reason =
          switch error {
          case .noKey(let kid): "no private key for kid \(kid)"
          case .doesNotOpen: "token does not open: tampered with, or moved from another name, workflow or file"
          }
        let path = vault.path(entry.scope.relativePath)
        problems.append(Diagnostic(path: path, mark: entry.mark, message: "\(entry.name): \(reason)"))
      }
    }
    guard problems.isEmpty else { throw .invalid(Diagnostics(problems)) }
    return values
  }
}
