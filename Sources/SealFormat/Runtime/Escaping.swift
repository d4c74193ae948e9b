/// How a value is escaped for where it lands in a template.
public enum Escaping: String, Sendable, CaseIterable {
  /// Inside a JSON string: a value with quotes, backslashes or newlines cannot break the
  /// document or add a field.
  case json
  /// A URL component: everything but RFC 3986's unreserved characters percent-encoded.
  case url
  /// The bytes as they are.
  case none

  /// The escaped bytes of `value`.
  public func apply(_ value: SecretBytes) -> SecretBytes {
    switch self {
    case .none: return value
    case .json: return Self.map(value, JSONString.append)
    case .url: return Self.map(value, Self.appendPercentEncoded)
    }
  }

  private static func map(_ value: SecretBytes, _ escape: (UnsafeRawBufferPointer, inout SecretBuffer) -> Void)
    -> SecretBytes
  {
    var out = SecretBuffer()
    value.withUnsafeBytes { escape($0, &out) }
    return out.bytes()
  }

  private static let hex = Array("0123456789ABCDEF".utf8)

  static func appendPercentEncoded(_ raw: UnsafeRawBufferPointer, to out: inout SecretBuffer) {
    for byte in raw {
      if NameRule.isNameByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~") {
        out.append(byte: byte)
      } else {
        out.append([UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
      }
    }
  }
}

/// The body of a JSON string (RFC 8259), also safe inside JavaScript: `"`, `\`, control
/// characters, U+2028 and U+2029 are escaped; other UTF-8 passes through.
public enum JSONString {
  /// Appends the escaped form of `raw` (valid UTF-8) to `out`.
  public static func append(_ raw: UnsafeRawBufferPointer, to out: inout SecretBuffer) {
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      switch byte {
      case UInt8(ascii: "\""): out.append(#"\""#.utf8)
      case UInt8(ascii: "\\"): out.append(#"\\"#.utf8)
      case 0x0A: out.append(#"\n"#.utf8)
      case 0x0D: out.append(#"\r"#.utf8)
      case 0x09: out.append(#"\t"#.utf8)
      case 0x08: out.append(#"\b"#.utf8)
      case 0x0C: out.append(#"\f"#.utf8)
      case 0x00..<0x20: out.append(Array(#"\u00"#.utf8) + [hex(byte >> 4), hex(byte & 0x0F)])
      case 0xE2
      where index + 2 < raw.count && raw[index + 1] == 0x80 && (raw[index + 2] == 0xA8 || raw[index + 2] == 0xA9):
        out.append((raw[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
        index += 2
      default: out.append(byte: byte)
      }
      index += 1
    }
  }

  private static func hex(_ nibble: UInt8) -> UInt8 { Array("0123456789abcdef".utf8)[Int(nibble)] }
}
