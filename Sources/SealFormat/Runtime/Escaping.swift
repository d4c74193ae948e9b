import SealCore
import SealCrypto

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
    case .json: return Self.map(value) { JSONString.append($0, to: &$1) }
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

  static func appendPercentEncoded(_ raw: UnsafeRawBufferPointer, to out: inout SecretBuffer) {
    for byte in raw {
      if NameRule.isNameByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~") {
        out.append(byte: byte)
      } else {
        out.append([UInt8(ascii: "%"), Hex.uppercase[Int(byte >> 4)], Hex.uppercase[Int(byte & 0x0F)]])
      }
    }
  }
}

/// The body of a JSON string (RFC 8259), also safe inside JavaScript: `"`, `\`, control
/// characters, U+2028 and U+2029 are escaped; other UTF-8 passes through.
package enum JSONString {
  /// How an encoder escapes: sealvault's own way, or that of a common encoder, so that
  /// `run --mask` finds a value in whatever JSON a command prints.
  package enum Style: CaseIterable, Sendable {
    /// sealvault's: the least escaping that is valid JSON and JavaScript.
    case minimal
    /// Python's `json.dumps` (ensure_ascii): every non-ASCII character and DEL as `\uXXXX`.
    case python
    /// Go's `encoding/json`: `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`.
    case go
    /// PHP's `json_encode`: non-ASCII as `\uXXXX`, `/` as `\/`.
    case php
  }

  /// Appends the escaped form of `raw` (valid UTF-8) to `out`.
  package static func append(_ raw: UnsafeRawBufferPointer, to out: inout SecretBuffer, style: Style = .minimal) {
    // Printable ASCII that no style escapes, the common value, goes as it is.
    guard raw.contains(where: Self.mayNeedEscaping) else {
      out.append(raw: raw)
      return
    }
    var iterator = raw.makeIterator()
    var decoder = UTF8()
    while case .scalarValue(let scalar) = decoder.decode(&iterator) {
      let value = scalar.value
      switch value {
      case 0x22: out.append(#"\""#.utf8)
      case 0x5C: out.append(#"\\"#.utf8)
      case 0x0A: out.append(#"\n"#.utf8)
      case 0x0D: out.append(#"\r"#.utf8)
      case 0x09: out.append(#"\t"#.utf8)
      case 0x08: out.append(#"\b"#.utf8)
      case 0x0C: out.append(#"\f"#.utf8)
      case 0x00..<0x20: appendUnicodeEscape(value, to: &out)
      case 0x2F where style == .php: out.append(#"\/"#.utf8)
      case 0x3C where style == .go, 0x3E where style == .go, 0x26 where style == .go:
        appendUnicodeEscape(value, to: &out)
      case 0x7F where style == .python: appendUnicodeEscape(value, to: &out)
      case 0x80... where style == .python || style == .php:
        if value > 0xFFFF {
          appendUnicodeEscape(0xD800 + ((value - 0x10000) >> 10), to: &out)
          appendUnicodeEscape(0xDC00 + ((value - 0x10000) & 0x3FF), to: &out)
        } else {
          appendUnicodeEscape(value, to: &out)
        }
      case 0x2028, 0x2029: appendUnicodeEscape(value, to: &out)
      default:
        for byte in UTF8.encode(scalar)! { out.append(byte: byte) }
      }
    }
  }

  /// Whether some style escapes `byte`, alone or as part of a character.
  private static func mayNeedEscaping(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x22, 0x26, 0x2F, 0x3C, 0x3E, 0x5C: true
    case 0x20...0x7E: false
    default: true
    }
  }

  /// `\uXXXX` with lowercase hex, as every one of these encoders writes it.
  private static func appendUnicodeEscape(_ value: UInt32, to out: inout SecretBuffer) {
    out.append(#"\u"#.utf8)
    for shift in stride(from: 12, through: 0, by: -4) {
      out.append(byte: Hex.lowercase[Int((value >> UInt32(shift)) & 0xF)])
    }
  }
}
