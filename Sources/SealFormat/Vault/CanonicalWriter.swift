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
  /// `sealvault: 1`, `scope:`, then `secrets:` with one line per secret in byte order.
  static func scopeFile(scope: Scope, secrets: [(name: SecretName, token: Token)]) -> [UInt8] {
    var text = "sealvault: 1\nscope: \(scope.text)\n"
    if secrets.isEmpty {
      text += "secrets: {}\n"
    } else {
      text += "secrets:\n"
      for (name, token) in secrets {
        text += "  \(YAMLTypes.scalar(name.text)): \(token.text)\n"
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
