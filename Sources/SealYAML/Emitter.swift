/// Writes YAML exactly, byte for byte the same for the same entries: block mappings with a
/// two-space indent, keys plain unless a YAML 1.1 or 1.2 reader would read them as
/// something other than a string (then double-quoted), values plain as given, an empty
/// mapping as `{}`, LF line ends. A small writer rather than libyaml's emitter, which chooses widths, quoting and
/// spacing itself (and differently across versions). It knows no schema: the vault's
/// files are built from these entries by SealFormat.
package enum Emitter {
  /// One line of a block mapping.
  package enum Entry {
    /// `key: value`, both from an alphabet that never needs escaping (names, tokens, keys);
    /// the value is written as it is (`sealvault: 1` is meant to read as a number too).
    case scalar(key: String, value: String)
    /// The same, with the value as UTF-8 (a token, of which a file holds many).
    case scalarUTF8(key: String, value: ArraySlice<UInt8>)
    /// `key:` and its entries one level deeper, or `key: {}` when there are none.
    case mapping(key: String, entries: [Entry])
    /// A line written as it is at the current indent's start (git's conflict markers).
    case verbatim(String)
  }

  /// The document of `entries`, a block mapping at the root.
  package static func document(_ entries: [Entry]) -> [UInt8] {
    var out: [UInt8] = []
    write(entries, indent: 0, to: &out)
    return out
  }

  private static func write(_ entries: [Entry], indent: Int, to out: inout [UInt8]) {
    func line(_ key: String, _ rest: String) {
      for _ in 0..<indent { out.append(UInt8(ascii: " ")) }
      out.append(contentsOf: YAMLTypes.scalar(key).utf8)
      out.append(contentsOf: rest.utf8)
    }
    for entry in entries {
      switch entry {
      case .scalar(let key, let value): line(key, ": \(value)\n")
      case .scalarUTF8(let key, let value):
        line(key, ": ")
        out += value
        out.append(UInt8(ascii: "\n"))
      case .mapping(let key, let children) where children.isEmpty: line(key, ": {}\n")
      case .mapping(let key, let children):
        line(key, ":\n")
        write(children, indent: indent + 2, to: &out)
      case .verbatim(let text): out += (text + "\n").utf8
      }
    }
  }
}
