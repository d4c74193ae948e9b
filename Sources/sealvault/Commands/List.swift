import ArgumentParser
import SealFormat

extension SealVault {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List names, scopes and kids; never values.",
      discussion: """
        With -w, the workflow's effective set: each name's origin, and which global names it shadows. \
        With --all, every secret of every scope, as the vault's settings view shows them.

        Examples:
          sealvault list -w deploy
          sealvault list --all --json | jq -r '.[] | select(.scope != "global") | .name'
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @Flag(help: "Every secret of every scope: global first, then workflows by id.")
    var all = false

    @Flag(
      help:
        "An array of {\"name\", \"scope\", \"kid\"} objects (with -w, \"shadows\": true where a global name is hidden)."
    )
    var json = false

    func validate() throws {
      if all && scopeOptions.workflow != nil { throw ValidationError("--all lists every scope; it takes no -w") }
    }

    /// One line of the listing.
    struct Row {
      let name: SecretName
      let scope: Scope
      let kid: KeyID
      let shadows: Bool
    }

    func run() throws {
      let store = try vaultOptions.store()
      let rows: [Row]
      if all {
        rows = try store.scopes().flatMap { (scope) throws(Failure) in
          try store.document(scope).secrets.map { Row(name: $0.name, scope: scope, kid: $0.token.kid, shadows: false) }
        }
      } else {
        rows = try scopeOptions.effectiveSet(store).all.map {
          Row(name: $0.name, scope: $0.scope, kid: $0.token.kid, shadows: $0.shadowsGlobal)
        }
      }
      Console.out(json ? Self.json(rows) : Self.table(rows))
    }

    static func table(_ rows: [Row]) -> String {
      let nameWidth = rows.map(\.name.text.count).max() ?? 0
      let scopeWidth = rows.map(\.scope.text.count).max() ?? 0
      return rows.map { row in
        let name = row.name.text + String(repeating: " ", count: nameWidth - row.name.text.count)
        let scope = row.scope.text + String(repeating: " ", count: scopeWidth - row.scope.text.count)
        return "\(name)  \(scope)  \(row.kid)\(row.shadows ? "  shadows global" : "")\n"
      }.joined()
    }

    static func json(_ rows: [Row]) -> String {
      guard !rows.isEmpty else { return "[]\n" }
      let objects = rows.map { row in
        let shadows = row.shadows ? ", \"shadows\": true" : ""
        return "  {\"name\": \"\(row.name)\", \"scope\": \"\(row.scope)\", \"kid\": \"\(row.kid)\"\(shadows)}"
      }
      return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
  }
}
