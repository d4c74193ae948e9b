/// A token to open and where it was found: its scope and name make its associated data,
/// its mark (when read from a file) points messages at it.
public struct SealedSecret: Sendable {
  public let token: Token
  public let scope: Scope
  public let name: SecretName
  public let mark: Mark?

  public init(token: Token, scope: Scope, name: SecretName, mark: Mark? = nil) {
    self.token = token
    self.scope = scope
    self.name = name
    self.mark = mark
  }
}
