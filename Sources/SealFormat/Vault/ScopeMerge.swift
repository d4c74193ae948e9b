import SealCore
import SealCrypto

/// The 3-way merge of one scope file by secret name, for git's merge driver.
///
/// Each name merges on its own: a side that left a name as it was in the base takes the
/// other side's change (including a deletion). The same secret changed differently on both
/// sides, changed on one side and deleted on the other, or two names that differ only in
/// case, is a conflict. Tokens compare by text: re-setting the same value on both sides
/// makes two different tokens, which is a conflict (nobody can tell the values are equal
/// without the private key).
package enum ScopeMerge {
  /// One conflicted name and why.
  package struct Conflict: Sendable, Equatable, CustomStringConvertible {
    package let name: SecretName
    package let reason: String
    package var description: String { "\(name) (\(reason))" }
  }

  /// The merged file: canonical when there is no conflict; otherwise with git-style
  /// conflict markers around each conflicted line, which `check` and git both refuse.
  package struct Result: Sendable {
    package let bytes: [UInt8]
    package let conflicts: [Conflict]
  }

  private typealias Line = ScopeDocument.Line

  /// Merges `ours` and `theirs`, both descended from `base`, all of one scope.
  package static func merge(base: ScopeDocument, ours: ScopeDocument, theirs: ScopeDocument) -> Result {
    let names = Set(base.secrets.map(\.name) + ours.secrets.map(\.name) + theirs.secrets.map(\.name))
    var lines: [Line] = []
    var conflicts: [Conflict] = []
    for name in names.sorted() {
      let (b, o, t) = (base[name], ours[name], theirs[name])
      if o == t || o == b {
        if let t { lines.append(.secret(name, t)) }
      } else if t == b {
        if let o { lines.append(.secret(name, o)) }
      } else {
        let reason =
          switch (b, o, t) {
          case (nil, _, _): "added on both sides"
          case (_, nil, _), (_, _, nil): "deleted on one side, changed on the other"
          default: "changed on both sides"
          }
        conflicts.append(Conflict(name: name, reason: reason))
        lines.append(.conflict(name, ours: o, theirs: t))
      }
    }
    let folded = Dictionary(grouping: lines.filter { if case .secret = $0 { true } else { false } }, by: \.name.folded)
    for case let group in folded.values where group.count > 1 {
      for case .secret(let name, _) in group {
        let index = lines.firstIndex { $0.name == name }!
        lines[index] = .conflict(name, ours: ours[name], theirs: theirs[name])
        let others = group.map(\.name).filter { $0 != name }.map(\.text).joined(separator: ", ")
        conflicts.append(Conflict(name: name, reason: "differs only in case from \(others)"))
      }
    }
    conflicts.sort { $0.name < $1.name }
    // Lines are in byte order of names, so without conflicts this is the canonical form.
    return Result(bytes: ScopeDocument.bytes(scope: ours.scope, lines: lines), conflicts: conflicts)
  }
}
