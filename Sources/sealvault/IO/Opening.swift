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
    let (values, problems) = vault.open(secrets, with: opener)
    guard problems.isEmpty else { throw .invalid(Diagnostics(problems)) }
    return values
  }
}
