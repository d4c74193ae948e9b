import SealCore
import SealCrypto

/// The statement-by-statement reader behind `Dotenv.parse`, a port of python-dotenv's
/// `parse_binding` (its regular expressions are noted where each step mirrors one).
struct DotenvParser {
  let text: DotenvText
  let path: String
  private var position = 0
  private(set) var entries: [DotenvEntry] = []
  private(set) var problems: [Diagnostic] = []
  private var indexByFolded: [String: Int] = [:]

  init(text: DotenvText, path: String) {
    self.text = text
    self.path = path
  }

  private struct Failure: Error {
    let offset: Int
    let message: String
  }

  mutating func parseAll() {
    while true {
      while case let width = text.spaceWidth(at: position), width > 0 { position += width }  // \s*
      guard position < text.count else { return }
      do {
        try parseBinding()
      } catch {
        problems.append(Diagnostic(path: path, mark: text.mark(error.offset), message: error.message))
        position = text.lineEnd(from: position) + 1  // rest of line
      }
    }
  }

  private var atNewlineOrEnd: Bool { position >= text.count || text[position] == 0x0A }

  /// `[^\S\r\n]*`
  private mutating func skipInlineSpace() {
    while !atNewlineOrEnd, case let width = text.spaceWidth(at: position), width > 0 { position += width }
  }

  private mutating func parseBinding() throws(Failure) {
    skipExport()
    let keyStart = position
    let key = try parseKey()
    skipInlineSpace()
    var value: (start: Int, bytes: SecretBytes)?
    if position < text.count && text[position] == UInt8(ascii: "=") {
      position += 1
      skipInlineSpace()
      value = try parseValue()
    }
    try finishLine()
    guard let key else { return }
    do { try record(key, at: keyStart, value: value) } catch {
      problems.append(Diagnostic(path: path, mark: text.mark(error.offset), message: error.message))
    }
  }

  /// `(?:export[^\S\r\n]+)?`
  private mutating func skipExport() {
    let word = Array("export".utf8)
    guard position + word.count < text.count, (0..<word.count).allSatisfy({ text[position + $0] == word[$0] })
    else { return }
    let after = position + word.count
    guard text[after] != 0x0A && text.spaceWidth(at: after) > 0 else { return }
    position = after
    skipInlineSpace()
  }

  /// `'([^']+)'` or `([^=\#\s]+)`; nil for a comment line.
  private mutating func parseKey() throws(Failure) -> String? {
    let start = position
    guard position < text.count else { throw Failure(offset: start, message: cannotParse) }
    switch text[position] {
    case UInt8(ascii: "#"):
      return nil
    case UInt8(ascii: "'"):
      var end = position + 1
      while end < text.count && text[end] != UInt8(ascii: "'") { end += 1 }
      guard end < text.count, end > position + 1 else { throw Failure(offset: start, message: cannotParse) }
      position = end + 1
      return string(start + 1, end)
    default:
      while position < text.count && text[position] != UInt8(ascii: "=") && text[position] != UInt8(ascii: "#")
        && text.spaceWidth(at: position) == 0
      {
        position += text.width(at: position)
      }
      guard position > start else { throw Failure(offset: start, message: cannotParse) }
      return string(start, position)
    }
  }

  private var cannotParse: String { "cannot parse this line (expected NAME=value)" }

  private func string(_ start: Int, _ end: Int) -> String {
    String(decoding: text.raw[start..<end], as: UTF8.self)
  }

  private mutating func parseValue() throws(Failure) -> (start: Int, bytes: SecretBytes) {
    let start = position
    guard position < text.count else { return (start, SecretBytes(count: 0)) }
    switch text[position] {
    case UInt8(ascii: "'"): return (start, try quoted(UInt8(ascii: "'"), escapes: Self.singleQuoteEscapes))
    case UInt8(ascii: "\""): return (start, try quoted(UInt8(ascii: "\""), escapes: Self.doubleQuoteEscapes))
    case 0x0A: return (start, SecretBytes(count: 0))
    default: return (start, unquoted())
    }
  }

  /// `'((?:\\'|[^'])*)'`, including the regex's backtracking: with no closing quote, the
  /// match ends at the last escaped quote, whose backslash then belongs to the value.
  private mutating func quoted(_ quote: UInt8, escapes: [UInt8: UInt8]) throws(Failure) -> SecretBytes {
    let start = position
    var index = position + 1
    var lastEscapedQuote: Int?
    var close: Int?
    while index < text.count {
      if text[index] == UInt8(ascii: "\\") && index + 1 < text.count && text[index + 1] == quote {
        lastEscapedQuote = index + 1
        index += 2
      } else if text[index] == quote {
        close = index
        break
      } else {
        index += 1
      }
    }
    guard let end = close ?? lastEscapedQuote else {
      throw Failure(offset: start, message: "unterminated quoted value")
    }
    position = end + 1
    return decode(start + 1, end, escapes: escapes)
  }

  static let singleQuoteEscapes: [UInt8: UInt8] = [0x5C: 0x5C, 0x27: 0x27]
  static let doubleQuoteEscapes: [UInt8: UInt8] = [
    0x5C: 0x5C, 0x27: 0x27, 0x22: 0x22, 0x61: 0x07, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D,
    0x74: 0x09, 0x76: 0x0B,
  ]

  /// The bytes in start..<end with `\x` escapes of `escapes` decoded, left to right.
  private func decode(_ start: Int, _ end: Int, escapes: [UInt8: UInt8]) -> SecretBytes {
    let out = SecretBytes(count: end - start)
    var length = 0
    let raw = text.raw
    out.withUnsafeMutableBytes { out in
      var index = start
      while index < end {
        if raw[index] == 0x5C, index + 1 < end, let decoded = escapes[raw[index + 1]] {
          out[length] = decoded
          index += 2
        } else {
          out[length] = raw[index]
          index += 1
        }
        length += 1
      }
    }
    return out.prefix(length)
  }

  /// `([^\r\n]*)`, then `re.sub(r"\s+#.*", "", part).rstrip()`: the value ends at the first
  /// `#` that follows whitespace, less the whitespace before it and at its end.
  private mutating func unquoted() -> SecretBytes {
    let start = position
    position = text.lineEnd(from: start)
    var end = position
    var search = start
    while let hash = text.find(UInt8(ascii: "#"), from: search, to: position) {
      if hash > start && text.spaceWidth(at: text.characterStart(before: hash)) > 0 {
        end = hash
        break
      }
      search = hash + 1
    }
    while end > start && text.spaceWidth(at: text.characterStart(before: end)) > 0 {
      end = text.characterStart(before: end)
    }
    return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: text.raw[start..<end]))
  }

  /// `(?:[^\S\r\n]*#[^\r\n]*)?` then `[^\S\r\n]*(?:\r\n|\n|\r|$)`.
  private mutating func finishLine() throws(Failure) {
    skipInlineSpace()
    if position < text.count && text[position] == UInt8(ascii: "#") { position = text.lineEnd(from: position) }
    guard atNewlineOrEnd else {
      throw Failure(
        offset: position, message: "unexpected text after the value (expected a comment or the end of the line)")
    }
    position += 1
  }

  private mutating func record(_ key: String, at offset: Int, value: (start: Int, bytes: SecretBytes)?) throws(Failure)
  {
    guard let name = SecretName(key) else {
      throw Failure(offset: offset, message: SecretName.refusal(key, quoting: false)!)
    }
    guard let value else {
      throw Failure(offset: offset, message: "this line has no value (expected NAME=value); its text is not shown")
    }
    let secret: SecretValue
    do { secret = try SecretValue(value.bytes) } catch {
      throw Failure(offset: value.start, message: "'\(name)': \(error)")
    }
    let mark = text.mark(offset)
    if let index = indexByFolded[name.folded], entries[index].name != name {
      let first = entries[index]
      throw Failure(
        offset: offset,
        message:
          "'\(name)' and '\(first.name)' (line \(first.mark.line)) differ only in case; names are unique regardless of case"
      )
    }
    let entry = DotenvEntry(name: name, value: secret, mark: mark, hasExpansionSyntax: value.bytes.contains("${".utf8))
    if let index = indexByFolded[name.folded] {
      entries[index] = entry
    } else {
      indexByFolded[name.folded] = entries.count
      entries.append(entry)
    }
  }

}
