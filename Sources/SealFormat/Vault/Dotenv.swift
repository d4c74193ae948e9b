import SealCore
import SealCrypto

/// One `NAME=value` of a dotenv file, ready to seal.
package struct DotenvEntry: Sendable {
  package let name: SecretName
  package let value: SecretValue
  /// Where the name was written.
  package let mark: Mark
  /// Whether the value contains `${`, which sealvault keeps literally (no expansion).
  package let hasExpansionSyntax: Bool
}

/// python-dotenv's file syntax (quotes, escapes, comments, `export ` prefixes, multi-line
/// quoted values), read the way `dotenv_values(path, interpolate=False)` reads a file,
/// with sealvault's rules on top: every name valid, no empty values, no two names that
/// differ only in case; a repeated name keeps its last value. The input is read in place
/// from secret memory and values go straight to secret memory.
package enum Dotenv {
  /// Parses a whole file; any bad entry fails it, with every problem reported.
  package static func parse(_ input: SecretBytes, path: String) throws(Diagnostics) -> [DotenvEntry] {
    let normalized = DotenvText.normalize(input)
    let (entries, problems) = normalized.withUnsafeBytes { raw in
      let text = DotenvText(raw)
      if let offset = text.invalidUTF8Offset {
        return (
          [DotenvEntry](), [Diagnostic(path: path, mark: text.mark(offset), message: "the file is not valid UTF-8")]
        )
      }
      var parser = DotenvParser(text: text, path: path)
      parser.parseAll()
      return (parser.entries, parser.problems)
    }
    guard problems.isEmpty else { throw Diagnostics(problems) }
    guard !entries.isEmpty else {
      throw Diagnostics([Diagnostic(path: path, mark: nil, message: "no entries to import (expected NAME=value lines)")]
      )
    }
    return entries
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// The file's bytes, read in place from secret memory: a leading BOM dropped and line ends
/// made `\n` (Python's universal newlines, as `dotenv_values` opens files).
struct DotenvText {
  let raw: UnsafeRawBufferPointer
  /// For turning offsets into line and column.
  private let lines: LineIndex

  init(_ raw: UnsafeRawBufferPointer) {
    self.raw = raw
    lines = LineIndex(raw)
  }

  /// The offset of the first `byte` in from..<to.
  static func find(_ byte: UInt8, in raw: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
    guard from < to, let hit = memchr(raw.baseAddress! + from, Int32(byte), to - from) else { return nil }
    return UnsafeRawPointer(hit) - raw.baseAddress!
  }

  /// The offset of the first `byte` in from..<to.
  func find(_ byte: UInt8, from: Int, to: Int) -> Int? { Self.find(byte, in: raw, from: from, to: to) }

  /// The end of the line that `index` is on (the offset of its `\n`, or the end).
  func lineEnd(from index: Int) -> Int { find(0x0A, from: index, to: count) ?? count }

  /// Where the character that ends just before `index` starts.
  func characterStart(before index: Int) -> Int {
    var start = index - 1
    while start > 0 && raw[start] & 0xC0 == 0x80 { start -= 1 }
    return start
  }

  static func normalize(_ input: SecretBytes) -> SecretBytes {
    let normalized = SecretBytes(count: input.count)
    var length = 0
    input.withUnsafeBytes { source in
      normalized.withUnsafeMutableBytes { out in
        var i = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < source.count {
          let byte = source[i]
          i += 1
          if byte == 0x0D {
            if i < source.count && source[i] == 0x0A { i += 1 }
            out[length] = 0x0A
          } else {
            out[length] = byte
          }
          length += 1
        }
      }
    }
    return normalized.prefix(length)
  }

  var count: Int { raw.count }

  subscript(index: Int) -> UInt8 { raw[index] }

  /// The length in bytes of the character at `index` (the text is valid UTF-8).
  func width(at index: Int) -> Int {
    switch raw[index] {
    case 0..<0xC0: 1
    case 0xC0..<0xE0: 2
    case 0xE0..<0xF0: 3
    default: 4
    }
  }

  /// The length of the character at `index` when it is whitespace as Python's `str.isspace`
  /// (which `\s` and `rstrip()` use) sees it, else 0; 0 at the end.
  func spaceWidth(at index: Int) -> Int {
    guard index < count else { return 0 }
    let byte = raw[index]
    if byte < 0x80 { return (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte) ? 1 : 0 }
    var iterator = UnsafeRawBufferPointer(rebasing: raw[index...]).makeIterator()
    var decoder = UTF8()
    guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return 0 }
    switch scalar.value {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return UTF8.width(scalar)
    default: return 0
    }
  }

  /// The byte offset of the first invalid UTF-8 sequence, if any.
  var invalidUTF8Offset: Int? { UTF8Validation.firstInvalidOffset(raw) }

  /// 1-based line and column (in characters) of a byte offset.
  func mark(_ offset: Int) -> Mark { lines.mark(offset, in: raw) }
}
