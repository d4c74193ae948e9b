import SealCore
import SealCrypto
internal import SealYAML

/// `sealvault.yaml`: the format version and the public key new values are sealed to.
public struct VaultConfig: Sendable, Equatable {
  /// The active public key.
  public var publicKey: PublicKey
  /// The first line where the file as read differs from its canonical form.
  package private(set) var firstNonCanonicalLine: Int?

  package init(publicKey: PublicKey) {
    self.publicKey = publicKey
  }

  /// Reads `sealvault.yaml` strictly.
  public init(reading bytes: [UInt8], path: String) throws(Diagnostics) {
    var fields = Fields(try StrictReader.read(bytes, path: path), path: path, keys: ["sealvault", "public_key"])
    fields.checkVersion()
    var key: PublicKey?
    if let (text, mark) = fields.text("public_key") {
      key = PublicKey(text: Substring(text))
      if key == nil { fields.report("public_key is not a public key (expected sv1pk:<base64 of 32 bytes>)", at: mark) }
      if key?.isLowOrder == true {
        fields.report("public_key is a low-order point that no value can be sealed to", at: mark)
      }
    }
    guard let key, fields.problems.isEmpty else { throw Diagnostics(fields.problems) }
    publicKey = key
    firstNonCanonicalLine = Fields.firstDifferentLine(bytes, canonicalBytes())
  }

  /// The canonical bytes.
  package func canonicalBytes() -> [UInt8] {
    Emitter.document([.scalar(key: "sealvault", value: "1"), .scalar(key: "public_key", value: publicKey.text)])
  }
}
