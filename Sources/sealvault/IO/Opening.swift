import SealFormat

/// Opens the entries a run needs, with keys gathered only for the kids they name, once the
/// vault's active key is known to be held; any token that does not open fails the command,
/// naming its file, line, column and secret.
enum Opening {
  static func open(_ secrets: [SealedSecret], vault: Vault, keys: KeySources, opener: Opener = Opener())
    throws(Failure) -> [(name: SecretName, value: SecretValue)]
  {
    try keys.requireActiveKey(of: vault)
    opener.add(try keys.keys(for: secrets.map(\.token.kid)))
    var values: [(name: SecretName, value: SecretValue)] = []
    var problems: [Diagnostic] = []
    for (secret, result) in zip(secrets, opener.openAll(secrets)) {
      switch result {
      case .success(let value): values.append((secret.name, value))
      case .failure(let error):
        var reason = error.description
        if error == .doesNotOpen { reason += " (`sealvault check --open` tells which)" }
        let path = vault.path(secret.scope.relativePath)
        problems.append(Diagnostic(path: path, mark: secret.mark, message: "\(secret.name): \(reason)"))
      }
    }
    guard problems.isEmpty else { throw .invalid(Diagnostics(problems)) }
    return values
  }
}
