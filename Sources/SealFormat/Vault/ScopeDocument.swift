import SealCore
import SealCrypto
internal import SealYAML

/// One scope file: its scope and its secrets, each a name and a token.
public struct ScopeDocument: Sendable {
  /// Which scope the file holds.
  public let scope: Scope
  /// One secret: its name, its token, and where it was read (nil when set in memory).
  package struct Entry: Sendable, Equatable {
    package let name: SecretName
    package var token: Token
    package var mark: Mark?
  }
  /// The secrets, kept in canonical (byte) order of their names, so nothing sorts them
  /// again and a name is found by binary search.
  private var entries: [Entry] = []
  /// The first line where the file as read differs from its canonical form (nil when it
  /// is canonical, or was not read from a file).
  package private(set) var firstNonCanonicalLine: Int?

  /// An empty scope.
  package init(scope: Scope) {
    self.scope = scope
  }

  /// Reads a scope file strictly; every problem in it is reported at once. The scope is
  /// the one the file's path gives, or, when `scope` is nil (a merge driver's temp file),
  /// the one its `scope:` key names.
  ///
  /// A file in canonical form (what every writer writes) is read in one pass over its
  /// bytes; any other file by the strict YAML reader, which says what is wrong. Both give
  /// the same document for every file the fast pass takes (a test compares them).
  public init(reading bytes: [UInt8], path: String, scope: Scope?) throws(Diagnostics) {
    if let scope, let entries = CanonicalScope.entries(bytes, scope: scope) {
      self.scope = scope
      self.entries = entries
      return
    }
    var fields = Fields(try StrictReader.read(bytes, path: path), path: path, keys: ["sealvault", "scope", "secrets"])
    fields.checkVersion()
    let named = fields.text("scope")
    switch (scope, named) {
    case (let scope?, let (text, mark)?) where text != scope.text:
      fields.report(
        "scope \(text.quotedForMessage) does not match the file's path (expected '\(scope.text)')", at: mark)
    case (nil, let (text, mark)?) where Scope(text: text) == nil:
      fields.report("scope \(text.quotedForMessage) is not 'global' or 'workflow/<id>'", at: mark)
    default: break
    }
    self.scope = scope ?? named.flatMap { Scope(text: $0.0) } ?? .global
    switch fields.values["secrets"] {
    case .mapping(let pairs, _):
      var byFolded: [String: Entry] = [:]
      for (key, value) in pairs { Self.add(key, value, to: &byFolded, &fields) }
      entries = byFolded.values.sorted { $0.name < $1.name }
    case let node?:
      fields.report("'secrets' must be a mapping of names to tokens, found \(node.kind)", at: node.mark)
    case nil: break
    }
    guard fields.problems.isEmpty else { throw Diagnostics(fields.problems) }
    firstNonCanonicalLine = Fields.firstDifferentLine(bytes, canonicalBytes())
  }

  private static func add(_ key: Node, _ value: Node, to byFolded: inout [String: Entry], _ fields: inout Fields) {
    guard case .scalar(let text, let mark) = key else { return }
    guard let name = SecretName(text) else {
      fields.report(SecretName.refusal(text)!, at: mark)
      return
    }
    if let existing = byFolded[name.folded] {
      let first = existing.mark.map { " at \($0.line):\($0.column)" } ?? ""
      let message =
        existing.name == name
        ? "duplicate name '\(name)' (first\(first))"
        : "name '\(name)' differs only in case from '\(existing.name)'\(first) (names are unique regardless of case)"
      fields.report(message, at: mark)
      return
    }
    guard case .scalar(let tokenText, let tokenMark) = value else { return }
    do {
      byFolded[name.folded] = Entry(name: name, token: try Token(text: Substring(tokenText)), mark: mark)
    } catch {
      fields.report("\(name): \(error)", at: tokenMark, kind: error == .notSealed ? .notSealed : nil)
    }
  }

  /// The secrets with where each was read, in canonical order.
  package var entriesRead: [Entry] { entries }

  /// The secrets in canonical (byte) order.
  public var secrets: [(name: SecretName, token: Token)] {
    entries.map { ($0.name, $0.token) }
  }

  /// The secrets as tokens to open, with where each stands.
  public var sealedSecrets: [SealedSecret] {
    entries.map { SealedSecret(token: $0.token, scope: scope, name: $0.name, mark: $0.mark) }
  }

  /// How many secrets the scope holds.
  public var count: Int { entries.count }

  /// Where the secret `name` was found when the file was read, for messages that point at it.
  public func mark(of name: SecretName) -> Mark? {
    position(of: name).found.flatMap { entries[$0].mark }
  }

  /// The token stored under exactly `name`.
  public subscript(name: SecretName) -> Token? {
    position(of: name).found.map { entries[$0].token }
  }

  /// The index of `name` in `entries` when it is there, else where it would go.
  private func position(of name: SecretName) -> (index: Int, found: Int?) {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle].name < name { low = middle + 1 } else { high = middle }
    }
    return (low, low < entries.count && entries[low].name == name ? low : nil)
  }

  /// The name already in the scope that equals `name` regardless of case.
  package func existingName(foldedAs name: SecretName) -> SecretName? {
    entries.first { $0.name.equalsIgnoringCase(name) }?.name
  }

  /// Each of `names` that differs only in case from a name in the scope, with that name.
  package func caseClashes(with names: [SecretName]) -> [(name: SecretName, existing: SecretName)] {
    // One name (`set`) is compared with each in place; a batch (`import`) through a table.
    guard names.count > 1 else {
      return names.compactMap { name in existingName(foldedAs: name).flatMap { $0 == name ? nil : (name, $0) } }
    }
    var byFolded: [String: SecretName] = [:]
    for entry in entries { byFolded[entry.name.folded] = entry.name }
    return names.compactMap { name in byFolded[name.folded].flatMap { $0 == name ? nil : (name, $0) } }
  }

  /// Stores `token` under `name`; the caller has ruled out a case clash.
  package mutating func set(_ name: SecretName, _ token: Token) {
    set([(name, token)])
  }

  /// Stores each token under its name (the last one of a name twice wins), in one pass
  /// whatever the scope holds; the caller has ruled out case clashes.
  package mutating func set(_ tokens: [(name: SecretName, token: Token)]) {
    var updates = Dictionary(tokens, uniquingKeysWith: { $1 })
    for index in entries.indices {
      if let token = updates.removeValue(forKey: entries[index].name) { entries[index].token = token }
    }
    guard !updates.isEmpty else { return }
    let added = updates.map { Entry(name: $0.key, token: $0.value, mark: nil) }.sorted { $0.name < $1.name }
    var merged: [Entry] = []
    merged.reserveCapacity(entries.count + added.count)
    var (old, new) = (0, 0)
    while old < entries.count || new < added.count {
      if new == added.count || (old < entries.count && entries[old].name < added[new].name) {
        merged.append(entries[old])
        old += 1
      } else {
        merged.append(added[new])
        new += 1
      }
    }
    entries = merged
  }

  /// Removes `name`; returns whether it was there.
  @discardableResult
  package mutating func remove(_ name: SecretName) -> Bool {
    guard let found = position(of: name).found else { return false }
    entries.remove(at: found)
    return true
  }

  /// The canonical bytes: the same names and tokens always give the same bytes.
  package func canonicalBytes() -> [UInt8] {
    Self.bytes(scope: scope, lines: entries.map { .secret($0.name, $0.token) })
  }
}

/// The writer of the scope-file format, beside its reader: the one home of the schema. The
/// same names and tokens always give the same bytes (the YAML layer's exact emitter).
extension ScopeDocument {
  /// One entry of `secrets:`: a secret, or (in a merge driver's result) a name conflicted
  /// between two sides, written between git's conflict markers.
  enum Line {
    case secret(SecretName, Token)
    case conflict(SecretName, ours: Token?, theirs: Token?)

    var name: SecretName {
      switch self {
      case .secret(let name, _), .conflict(let name, _, _): name
      }
    }
  }

  /// The scope file of `lines`, in their order: the one writer of the scope-file format.
  static func bytes(scope: Scope, lines: [Line]) -> [UInt8] {
    func entry(_ name: SecretName, _ token: Token?) -> [Emitter.Entry] {
      token.map { [.scalarUTF8(key: name.text, value: $0.utf8)] } ?? []
    }
    let secrets = lines.flatMap { line -> [Emitter.Entry] in
      switch line {
      case .secret(let name, let token): entry(name, token)
      case .conflict(let name, let ours, let theirs):
        [.verbatim("<<<<<<< ours")] + entry(name, ours) + [.verbatim("=======")] + entry(name, theirs)
          + [.verbatim(">>>>>>> theirs")]
      }
    }
    return Emitter.document([
      .scalar(key: "sealvault", value: "1"), .scalar(key: "scope", value: scope.text),
      .mapping(key: "secrets", entries: secrets),
    ])
  }
}
