import SealCore
import SealCrypto
internal import SealYAML

/// Writes vault files in canonical form.
///
/// A small exact writer rather than libyaml's emitter: every scalar it writes is a name,
/// a scope, a key or a token from a fixed ASCII alphabet, so the only choice to make is
/// plain versus double-quoted, and owning that choice keeps the bytes identical across
/// libyaml versions (the emitter decides line widths, quoting and spacing on its own).
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
    var text = "sealvault: 1\nscope: \(scope.text)\n"
    func entry(_ name: SecretName, _ token: Token?) -> String {
      token.map { "  \(YAMLTypes.scalar(name.text)): \($0.text)\n" } ?? ""
    }
    text += lines.isEmpty ? "secrets: {}\n" : "secrets:\n"
    for line in lines {
      switch line {
      case .secret(let name, let token): text += entry(name, token)
      case .conflict(let name, let ours, let theirs):
        text += "<<<<<<< ours\n" + entry(name, ours) + "=======\n" + entry(name, theirs) + ">>>>>>> theirs\n"
      }
    }
    return Array(text.utf8)
  }

  /// `sealvault.yaml`.
  static func configFile(publicKey: PublicKey) -> [UInt8] {
    Array("sealvault: 1\npublic_key: \(publicKey.text)\n".utf8)
  }

  /// The 1-based line where `file` first differs from `canonical`, nil when they are equal.
  static func firstDifferentLine(_ file: [UInt8], _ canonical: [UInt8]) -> Int? {
    guard file != canonical else { return nil }
    let common = zip(file, canonical).prefix { $0 == $1 }.count
    return file[..<common].filter { $0 == 0x0A }.count + 1
  }
}
