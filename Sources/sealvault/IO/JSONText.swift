import SealFormat

/// JSON text for the CLI's machine-readable output (`--json`): names, paths and messages,
/// never values (those go through the library's escaping in wiping memory).
enum JSONText {
  /// `text` as a JSON string, quotes included.
  static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\u{0}"..<"\u{20}", "\u{2028}", "\u{2029}": out += unicodeEscape(scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// `\uXXXX` of a scalar value, lowercase hex.
  private static func unicodeEscape(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// An array of objects, one a line, `[]` when empty.
  static func array(_ objects: [String]) -> String {
    objects.isEmpty ? "[]" : "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
  }
}

extension Diagnostic {
  /// `{"path", "line", "column", "severity", "message"}`.
  func json(severity: String) -> String {
    let mark = mark ?? Mark(line: 1, column: 1)
    return "{\"path\": \(JSONText.string(path)), \"line\": \(mark.line), \"column\": \(mark.column), "
      + "\"severity\": \"\(severity)\", \"message\": \(JSONText.string(message))}"
  }
}
