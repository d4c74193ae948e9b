import SealCore
import SealCrypto
internal import SealYAML

/// The vault files' schema as YAML entries, written by the YAML layer's exact emitter, so
/// the same names and tokens always give the same bytes.
enum CanonicalWriter {
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

  /// `sealvault: 1`, `scope:`, then `secrets:` with one line per secret in byte order.
  static func scopeFile(scope: Scope, secrets: [(name: SecretName, token: Token)]) -> [UInt8] {
    scopeFile(scope: scope, lines: secrets.map { .secret($0.name, $0.token) })
  }

  /// The scope file of `lines`, in their order: the one writer of the scope-file format.
  static func scopeFile(scope: Scope, lines: [Line]) -> [UInt8] {
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

  /// `sealvault.yaml`.
  static func configFile(publicKey: PublicKey) -> [UInt8] {
    Emitter.document([.scalar(key: "sealvault", value: "1"), .scalar(key: "public_key", value: publicKey.text)])
  }

  /// The 1-based line where `file` first differs from `canonical`, nil when they are equal.
  static func firstDifferentLine(_ file: [UInt8], _ canonical: [UInt8]) -> Int? {
    guard file != canonical else { return nil }
    let common = zip(file, canonical).prefix { $0 == $1 }.count
    return file[..<common].filter { $0 == 0x0A }.count + 1
  }
}
