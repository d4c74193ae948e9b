import SealCore
import SealCrypto
internal import SealYAML

/// One scope file: its scope and its secrets, each a name and a token.
public struct ScopeDocument: Sendable {
  /// Which scope the file holds.
  public let scope: Scope
  private var entries: [String: (name: SecretName, token: Token)] = [:]
  /// Where each secret was found when the file was read, for messages that point at it.
  public private(set) var marks: [SecretName: Mark] = [:]
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
  public init(reading bytes: [UInt8], path: String, scope: Scope?) throws(Diagnostics) {
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
      for (key, value) in pairs { add(key, value, to: &fields) }
    case let node?:
      fields.report("'secrets' must be a mapping of names to tokens, found \(node.kind)", at: node.mark)
    case nil: break
    }
    guard fields.problems.isEmpty else { throw Diagnostics(fields.problems) }
    firstNonCanonicalLine = Fields.firstDifferentLine(bytes, canonicalBytes())
  }

  private mutating func add(_ key: Node, _ value: Node, to fields: inout Fields) {
    guard case .scalar(let text, let mark) = key else { return }
    guard let name = SecretName(text) else {
      fields.report(SecretName.refusal(text)!, at: mark)
      return
    }
    if let existing = entries[name.folded] {
      let first = marks[existing.name].map { " at \($0.line):\($0.column)" } ?? ""
      let message =
        existing.name == name
        ? "duplicate name '\(name)' (first\(first))"
        : "name '\(name)' differs only in case from '\(existing.name)'\(first) (names are unique regardless of case)"
      fields.report(message, at: mark)
      return
    }
    guard case .scalar(let tokenText, let tokenMark) = value else { return }
    do {
      entries[name.folded] = (name, try Token(text: Substring(tokenText)))
      marks[name] = mark
    } catch {
      fields.report("\(name): \(error)", at: tokenMark, kind: error == .notSealed ? .notSealed : nil)
    }
  }

  /// The secrets in canonical (byte) order.
  public var secrets: [(name: SecretName, token: Token)] {
    entries.values.sorted { $0.name < $1.name }
  }

  /// The secrets as tokens to open, with where each stands.
  public var sealedSecrets: [SealedSecret] {
    secrets.map { SealedSecret(token: $0.token, scope: scope, name: $0.name, mark: marks[$0.name]) }
  }

  /// How many secrets the scope holds.
  public var count: Int { entries.count }

  /// The token stored under exactly `name`.
  public subscript(name: SecretName) -> Token? {
    guard let entry = entries[name.folded], entry.name == name else { return nil }
    return entry.token
  }

  /// The name already in the scope that equals `name` regardless of case.
  package func existingName(foldedAs name: SecretName) -> SecretName? {
    entries[name.folded]?.name
  }

  /// Stores `token` under `name`; the caller has ruled out a case clash.
  package mutating func set(_ name: SecretName, _ token: Token) {
    precondition(existingName(foldedAs: name).map { $0 == name } ?? true, "case clash")
    entries[name.folded] = (name, token)
  }

  /// Removes `name`; returns whether it was there.
  @discardableResult
  package mutating func remove(_ name: SecretName) -> Bool {
    guard self[name] != nil else { return false }
    entries[name.folded] = nil
    marks[name] = nil
    return true
  }

  /// The canonical bytes: the same names and tokens always give the same bytes.
  package func canonicalBytes() -> [UInt8] {
    Self.bytes(scope: scope, lines: secrets.map { .secret($0.name, $0.token) })
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
      token.map { [.scalar(key: name.text, value: $0.text)] } ?? []
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
