import ArgumentParser
import SealFormat

extension SealVault {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List names, scopes and kids; never values.",
      discussion: "With -w, the workflow's effective set: each name's origin, and which global names it shadows.")

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var scopeOptions: ScopeOptions

    @Flag(
      help:
        "An array of {\"name\", \"scope\", \"kid\"} objects (with -w, \"shadows\": true where a global name is hidden)."
    )
    var json = false

    func run() throws {
      let entries = try scopeOptions.effectiveSet(vaultOptions.store()).all
      Console.out(json ? Self.json(entries) : Self.table(entries))
    }

    static func table(_ entries: [EffectiveSet.Entry]) -> String {
      let nameWidth = entries.map(\.name.text.count).max() ?? 0
      let scopeWidth = entries.map(\.scope.text.count).max() ?? 0
      return entries.map { entry in
        let name = entry.name.text + String(repeating: " ", count: nameWidth - entry.name.text.count)
        let scope = entry.scope.text + String(repeating: " ", count: scopeWidth - entry.scope.text.count)
        return "\(name)  \(scope)  \(entry.token.kid)\(entry.shadowsGlobal ? "  shadows global" : "")\n"
      }.joined()
    }

    static func json(_ entries: [EffectiveSet.Entry]) -> String {
      guard !entries.isEmpty else { return "[]\n" }
      let objects = entries.map { entry in
        let shadows = entry.shadowsGlobal ? ", \"shadows\": true" : ""
        return
          "  {\"name\": \"\(entry.name)\", \"scope\": \"\(entry.scope)\", \"kid\": \"\(entry.token.kid)\"\(shadows)}"
      }
      return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
  }
}
