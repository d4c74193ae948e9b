import SealCore
import SealCrypto

/// The formats `export` writes an effective set in.
package enum ExportFormat: String, Sendable, CaseIterable {
  /// One JSON object, names as keys.
  case json
  /// `NAME="value"` lines that python-dotenv reads back identically.
  case dotenv
  /// `export NAME='value'` lines, safe to `eval` whatever the value holds.
  case shell
  /// `NAME=value` lines for `docker run --env-file`, read literally (no line ends in values).
  case docker
  /// `NAME<<DELIM` heredocs for GitHub Actions' `$GITHUB_ENV`.
  case github
  /// A Kubernetes `Secret` manifest with each value base64-encoded under `data:`.
  case k8s

  /// The set in this format, in name order; `manifest` names the k8s Secret.
  package func format(
    _ values: [(name: SecretName, value: SecretValue)], manifest: KubernetesManifest? = nil
  ) throws(ExportError) -> SecretBytes {
    var out = SecretBuffer()
    switch self {
    case .docker: try Self.appendDocker(values, to: &out)
    case .github: Self.appendGitHub(values, to: &out)
    case .k8s: Self.appendKubernetes(values, manifest: manifest!, to: &out)
    case .json:
      out.append("{".utf8)
      for (index, (name, value)) in values.enumerated() {
        out.append("\(index == 0 ? "" : ",")\n  \"\(name)\": \"".utf8)
        value.bytes.withUnsafeBytes { JSONString.append($0, to: &out) }
        out.append("\"".utf8)
      }
      out.append((values.isEmpty ? "}\n" : "\n}\n").utf8)
    case .dotenv:
      let unwritable = values.filter { $0.value.bytes.withUnsafeBytes(Self.dotenvForm) == nil }.map(\.name)
      guard unwritable.isEmpty else { throw .notDotenvValues(unwritable) }
      for (name, value) in values {
        value.bytes.withUnsafeBytes { raw in
          if Self.dotenvForm(raw) == .unquoted {
            out.append("\(name)=".utf8)
            out.append(raw: raw)
          } else {
            out.append("\(name)=\"".utf8)
            Self.appendDotenvEscaped(raw, to: &out)
            out.append("\"".utf8)
          }
          out.append("\n".utf8)
        }
      }
    case .shell:
      let invalid = unsupportedNames(values.map(\.name))
      guard invalid.isEmpty else { throw .notShellNames(invalid) }
      for (name, value) in values {
        out.append("export \(name)='".utf8)
        value.bytes.withUnsafeBytes { raw in
          for byte in raw {
            if byte == UInt8(ascii: "'") { out.append(#"'\''"#.utf8) } else { out.append(byte: byte) }
          }
        }
        out.append("'\n".utf8)
      }
    }
    return out.bytes()
  }

  private enum DotenvForm { case quoted, unquoted }

  /// How python-dotenv can read `raw` back: double-quoted, except a value ending in `\`
  /// (python-dotenv would take `\\"` as an escaped quote and run on into the next entry),
  /// which must be unquoted: no line end, no leading space or quote, no space before `#`;
  /// nil when neither form reads back.
  private static func dotenvForm(_ raw: UnsafeRawBufferPointer) -> DotenvForm? {
    guard raw.last == UInt8(ascii: "\\") else { return .quoted }
    let text = DotenvText(raw)
    guard !raw.contains(0x0A), !raw.contains(0x0D), text.spaceWidth(at: 0) == 0,
      raw.first != UInt8(ascii: "\""), raw.first != UInt8(ascii: "'")
    else { return nil }
    var index = 0
    while index < raw.count {
      let width = text.spaceWidth(at: index)
      if width > 0, index + width < raw.count, raw[index + width] == UInt8(ascii: "#") { return nil }
      index += max(width, 1)
    }
    return .unquoted
  }

  /// Inside python-dotenv's double quotes, which decode `\\ \' \" \a \b \f \n \r \t \v`:
  /// backslashes and quotes are escaped, and so are CR and LF, which Python's universal
  /// newlines would otherwise rewrite.
  private static func appendDotenvEscaped(_ raw: UnsafeRawBufferPointer, to out: inout SecretBuffer) {
    for byte in raw {
      switch byte {
      case UInt8(ascii: "\\"): out.append(#"\\"#.utf8)
      case UInt8(ascii: "\""): out.append(#"\""#.utf8)
      case 0x0A: out.append(#"\n"#.utf8)
      case 0x0D: out.append(#"\r"#.utf8)
      default: out.append(byte: byte)
      }
    }
  }

  /// The names this format cannot hold: for `shell`, those that are not POSIX variable
  /// names (`[A-Za-z_][A-Za-z0-9_]*`: no `-`, no leading digit).
  package func unsupportedNames(_ names: [SecretName]) -> [SecretName] {
    guard self == .shell else { return [] }
    return names.filter { name in
      name.text.contains("-") || name.text.utf8.first.map { (0x30...0x39).contains($0) } == true
    }
  }
}

/// Why a set cannot be exported in a format.
package enum ExportError: Error, Sendable {
  /// Names a shell cannot hold as variables (they contain `-` or start with a digit).
  case notShellNames([SecretName])
  /// Values python-dotenv cannot read back in any form: they end with `\` and hold a line
  /// end, a leading space or quote, or a space before `#`.
  case notDotenvValues([SecretName])
  /// Values holding a line end, which docker's `--env-file` (one `NAME=value` a line) cannot carry.
  case multiLineDockerValues([SecretName])
}
