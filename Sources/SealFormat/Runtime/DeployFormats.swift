import SealCore
import SealCrypto
internal import SealYAML

/// What names a Kubernetes `Secret`: `metadata.name` (required) and `metadata.namespace`.
package struct KubernetesManifest: Sendable {
  package let name: String
  package let namespace: String?

  /// A manifest whose name (a DNS subdomain: lowercase letters, digits, `-`, `.`, at most 253)
  /// and namespace (a DNS label: lowercase letters, digits, `-`, at most 63) Kubernetes
  /// accepts; nil when either is not.
  package init?(name: String, namespace: String?) {
    guard Self.isSubdomain(name), namespace.map(Self.isLabel) ?? true else { return nil }
    self.name = name
    self.namespace = namespace
  }

  private static func isLabel(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return (1...63).contains(bytes.count) && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == 0x2D }
      && isLowerAlphanumeric(bytes.first!) && isLowerAlphanumeric(bytes.last!)
  }

  private static func isSubdomain(_ text: String) -> Bool {
    text.utf8.count <= 253
      && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
        isLabel(String($0))
      }
  }

  private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
  }
}

extension ExportFormat {
  /// docker reads `NAME=value` a line, the value literally up to the line end (a final CR
  /// dropped), so a value holding a line end or ending in CR has no form: refused, naming it.
  static func appendDocker(_ values: [(name: SecretName, value: SecretValue)], to out: inout SecretBuffer)
    throws(ExportError)
  {
    let refused = values.filter {
      $0.value.bytes.contains([0x0A]) || $0.value.bytes.withUnsafeBytes { $0.last == 0x0D }
    }
    guard refused.isEmpty else { throw .multiLineDockerValues(refused.map(\.name)) }
    for (name, value) in values {
      out.append("\(name)=".utf8)
      out.append(value.bytes)
      out.append("\n".utf8)
    }
  }

  /// `NAME<<DELIM`, the value, `DELIM`: the delimiter is fresh and random for every value
  /// and occurs nowhere in it, so no value can end its heredoc early and set another variable.
  static func appendGitHub(_ values: [(name: SecretName, value: SecretValue)], to out: inout SecretBuffer) {
    for (name, value) in values {
      var delimiter: String
      repeat {
        delimiter = "ghadelimiter_" + Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max) })
      } while value.bytes.contains(delimiter.utf8)
      out.append("\(name)<<\(delimiter)\n".utf8)
      out.append(value.bytes)
      out.append("\n\(delimiter)\n".utf8)
    }
  }

  /// `apiVersion: v1`, `kind: Secret`, `metadata`, `type: Opaque`, then `data:` with each
  /// value's standard base64, double-quoted (base64 needs no escaping, and a quoted scalar
  /// is never read as a number).
  static func appendKubernetes(
    _ values: [(name: SecretName, value: SecretValue)], manifest: KubernetesManifest, to out: inout SecretBuffer
  ) {
    var header = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \"\(manifest.name)\"\n"
    if let namespace = manifest.namespace { header += "  namespace: \"\(namespace)\"\n" }
    header += "type: Opaque\n" + (values.isEmpty ? "data: {}\n" : "data:\n")
    out.append(header.utf8)
    for (name, value) in values {
      out.append("  \(YAMLTypes.scalar(name.text)): \"".utf8)
      value.bytes.withUnsafeBytes { raw in
        let base64 = SecretBytes(count: Base64.encodedLength(raw.count) + 1)
        base64.withUnsafeMutableBytes { Base64.encode(raw, into: $0) }
        base64.withUnsafeBytes { out.append(raw: UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
      }
      out.append("\"\n".utf8)
    }
  }
}
