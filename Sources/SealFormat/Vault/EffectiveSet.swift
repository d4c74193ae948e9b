import SealCore
import SealCrypto

/// What one workflow sees at run time: global secrets plus its own, its own winning.
public struct EffectiveSet: Sendable {
  /// One name of the set: where its token comes from and whether it hides a global one.
  public struct Entry: Sendable {
    public let name: SecretName
    public let token: Token
    public let scope: Scope
    /// True when a workflow secret hides a global secret of the same name.
    public let shadowsGlobal: Bool
    /// Where the name stands in its scope file, when it was read from one.
    public let mark: Mark?

    /// The token with the scope and name that make its associated data.
    public var sealed: SealedSecret { SealedSecret(token: token, scope: scope, name: name, mark: mark) }
  }

  private let entries: [SecretName: Entry]

  /// The set of a command run without `-w`: global secrets only.
  public init(global: ScopeDocument) {
    self.init(global: global, workflow: ScopeDocument(scope: global.scope))
  }

  init(global: ScopeDocument, workflow: ScopeDocument) {
    var entries: [SecretName: Entry] = [:]
    for (name, token) in global.secrets {
      entries[name] = Entry(name: name, token: token, scope: .global, shadowsGlobal: false, mark: global.marks[name])
    }
    for (name, token) in workflow.secrets {
      let shadows = entries[name] != nil
      entries[name] = Entry(
        name: name, token: token, scope: workflow.scope, shadowsGlobal: shadows, mark: workflow.marks[name])
    }
    self.entries = entries
  }

  /// The entry for exactly `name` (references match exact case).
  public subscript(name: SecretName) -> Entry? { entries[name] }

  /// Every entry, in name order.
  public var all: [Entry] { entries.values.sorted { $0.name < $1.name } }
}
