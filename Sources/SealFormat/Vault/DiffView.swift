import SealCore
import SealCrypto

/// The review view of a scope file that `textconv` gives git: the scope, then one line per
/// secret, `NAME sealed:<8 hex>`, so `git diff` shows added, removed and re-sealed names
/// without base64 noise, and never a value.
package enum DiffView {
  /// The view of `document`.
  package static func text(_ document: ScopeDocument) -> String {
    var lines = ["scope: \(document.scope)"]
    for (name, token) in document.secrets {
      lines.append("\(name) sealed:\(fingerprint(token))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The first 8 hex digits of unkeyed BLAKE2b-256 of the token's text: it changes whenever
  /// the secret is re-sealed and reveals nothing about the value.
  package static func fingerprint(_ token: Token) -> String {
    String(Hex.encode(Hash.blake2b256(token.text.utf8).prefix(4)))
  }
}
