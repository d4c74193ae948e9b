import SealCore

/// Which plain scalars YAML 1.1 or 1.2 would read as something other than a string.
///
/// Only names need this: they come from `[A-Za-z0-9_-]`, so of YAML's implicit types only
/// null, booleans, integers, floats written without a dot and dates can match.
package enum YAMLTypes {
  /// `text` plain, or double-quoted when a YAML reader would not read it as a string.
  package static func scalar(_ text: String) -> String {
    readsAsNonString(text) ? "\"\(text)\"" : text
  }

  static let words: Set<String> = [
    "null", "Null", "NULL",
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF",
  ]

  package static func readsAsNonString(_ text: String) -> Bool {
    guard let first = text.utf8.first else { return false }
    guard isDigit(first) || first == UInt8(ascii: "-") else { return text.utf8.count <= 5 && words.contains(text) }
    let bytes = Array(text.utf8)
    return isInteger11(bytes) || isInteger12(bytes) || isFloat12(bytes) || isDate(bytes)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  private static func isHex(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
  }
  private static let underscore = UInt8(ascii: "_")

  private static func unsigned(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
  }

  /// YAML 1.1 `int`: binary, octal, decimal and hex, with `_` separators and a sign.
  private static func isInteger11(_ bytes: [UInt8]) -> Bool {
    let body = unsigned(bytes)
    guard let first = body.first else { return false }
    if body.starts(with: "0b".utf8) {
      return body.count > 2 && body.dropFirst(2).allSatisfy { $0 == 0x30 || $0 == 0x31 || $0 == underscore }
    }
    if body.starts(with: "0x".utf8) {
      return body.count > 2 && body.dropFirst(2).allSatisfy { isHex($0) || $0 == underscore }
    }
    if first == 0x30 {
      return body.count == 1 || body.dropFirst().allSatisfy { ($0 >= 0x30 && $0 <= 0x37) || $0 == underscore }
    }
    return isDigit(first) && body.allSatisfy { isDigit($0) || $0 == underscore }
  }

  /// YAML 1.2 core `int`: signed decimal, `0o` octal, `0x` hex.
  private static func isInteger12(_ bytes: [UInt8]) -> Bool {
    let body = unsigned(bytes)
    if !body.isEmpty && body.allSatisfy(isDigit) { return true }
    if bytes.starts(with: "0o".utf8) {
      return bytes.count > 2 && bytes.dropFirst(2).allSatisfy { $0 >= 0x30 && $0 <= 0x37 }
    }
    if bytes.starts(with: "0x".utf8) { return bytes.count > 2 && bytes.dropFirst(2).allSatisfy(isHex) }
    return false
  }

  /// YAML 1.2 core `float` without a dot: digits, then an exponent.
  private static func isFloat12(_ bytes: [UInt8]) -> Bool {
    let body = unsigned(bytes)
    guard let e = body.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return false }
    let mantissa = body[..<e]
    var exponent = body[(e + 1)...]
    if exponent.first == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
    return !mantissa.isEmpty && mantissa.allSatisfy(isDigit) && !exponent.isEmpty && exponent.allSatisfy(isDigit)
  }

  /// YAML 1.1 `timestamp` in its date-only form, `YYYY-MM-DD`.
  private static func isDate(_ bytes: [UInt8]) -> Bool {
    bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
      && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(bytes[$0]) }
  }
}
