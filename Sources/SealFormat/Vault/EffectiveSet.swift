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

  private let global: ScopeDocument
  private let workflow: ScopeDocument

  /// The set of a command run without `-w`: global secrets only.
  public init(global: ScopeDocument) {
    self.init(global: global, workflow: ScopeDocument(scope: global.scope))
  }

  /// Keeps the two documents and looks names up in them, so building the set costs nothing
  /// whatever the scopes hold.
  init(global: ScopeDocument, workflow: ScopeDocument) {
    self.global = global
    self.workflow = workflow
  }

  /// The entry for exactly `name` (references match exact case).
  public subscript(name: SecretName) -> Entry? {
    if let token = workflow[name] {
      return Entry(
        name: name, token: token, scope: workflow.scope, shadowsGlobal: global[name] != nil,
        mark: workflow.mark(of: name))
    }
    return global[name].map {
      Entry(name: name, token: $0, scope: .global, shadowsGlobal: false, mark: global.mark(of: name))
    }
  }

  /// Every entry, in name order.
  public var all: [Entry] {
    let global = global.sealedSecrets
    let workflow = workflow.sealedSecrets
    func entry(_ secret: SealedSecret, shadows: Bool) -> Entry {
      Entry(name: secret.name, token: secret.token, scope: secret.scope, shadowsGlobal: shadows, mark: secret.mark)
    }
    // Both are in name order: merged in one pass.
    var all: [Entry] = []
    all.reserveCapacity(global.count + workflow.count)
    var (g, w) = (0, 0)
    while g < global.count || w < workflow.count {
      if w == workflow.count || (g < global.count && global[g].name < workflow[w].name) {
        all.append(entry(global[g], shadows: false))
        g += 1
      } else {
        let shadows = g < global.count && global[g].name == workflow[w].name
        all.append(entry(workflow[w], shadows: shadows))
        if shadows { g += 1 }
        w += 1
      }
    }
    return all
  }
}
