import SealCore
import SealCrypto

/// A template with `@{NAME}` placeholders, as a custom action's body holds them.
///
/// Scanning goes left to right: `@@{` is a literal `@{`; `@{NAME}` with a valid name is a
/// placeholder; any other `@` (as in `@{bad name}` or an unclosed `@{`) passes through and
/// scanning goes on with the next byte. All other bytes pass through unchanged.
public struct Template: Sendable {
  /// One placeholder and where it stands.
  public struct Placeholder: Sendable {
    public let name: SecretName
    public let mark: Mark
  }

  private enum Piece {
    case text(Range<Int>)
    case placeholder(Int)
  }

  private let bytes: [UInt8]
  private let pieces: [Piece]
  /// Every placeholder, in order of appearance.
  public let placeholders: [Placeholder]
  /// Where `@{` begins something that is not a placeholder (`@{bad name}`, `@{}`, an
  /// unclosed `@{`): it passes through as text, and is worth a warning.
  public let malformed: [Mark]

  /// What a warning about a malformed placeholder says.
  public static let malformedMessage =
    "not a placeholder (expected @{NAME}, NAME 1 to 128 of A-Z a-z 0-9 _ -; write @@{ for a literal @{); passed through as text"

  /// Scans `bytes` (public template text).
  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var pieces: [Piece] = []
    var placeholders: [Placeholder] = []
    var malformed: [Mark] = []
    var start = 0
    var index = 0
    var line = 1
    var column = 1
    func flush(_ end: Int) {
      if end > start { pieces.append(.text(start..<end)) }
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "@"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "@"),
        bytes[index + 2] == UInt8(ascii: "{")
      {
        flush(index)
        start = index + 1
        index += 3
        column += 3
        continue
      }
      if byte == UInt8(ascii: "@"), let (name, end) = Self.placeholder(in: bytes, at: index) {
        flush(index)
        pieces.append(.placeholder(placeholders.count))
        placeholders.append(Placeholder(name: name, mark: Mark(line: line, column: column)))
        column += end - index
        index = end
        start = end
        continue
      }
      if byte == UInt8(ascii: "@"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
        malformed.append(Mark(line: line, column: column))
      }
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      index += 1
    }
    flush(bytes.count)
    self.pieces = pieces
    self.placeholders = placeholders
    self.malformed = malformed
  }

  /// `@{NAME}` at `index`: the name and the index after `}`.
  private static func placeholder(in bytes: [UInt8], at index: Int) -> (SecretName, Int)? {
    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") else { return nil }
    var end = index + 2
    while end < bytes.count, end - index - 2 <= 128, NameRule.isNameByte(bytes[end]) { end += 1 }
    guard end < bytes.count, bytes[end] == UInt8(ascii: "}"),
      let name = SecretName(String(decoding: bytes[(index + 2)..<end], as: UTF8.self))
    else { return nil }
    return (name, end + 1)
  }

  /// Writes the template with each placeholder replaced by `value(name)` (already
  /// escaped), or by `UNKNOWN` where that is nil, to `write` in chunks of at most 64 KiB:
  /// memory holds the template, the values and one chunk, however long the output.
  public func render(_ value: (SecretName) -> SecretBytes?, to write: (UnsafeRawBufferPointer) -> Void) {
    let chunk = SecretBytes(count: 1 << 16)
    var used = 0
    chunk.withUnsafeMutableBytes { buffer in
      func emit(_ raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count {
          if used == buffer.count {
            write(UnsafeRawBufferPointer(buffer))
            used = 0
          }
          let count = min(buffer.count - used, raw.count - offset)
          UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + count)])
            .copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
          used += count
          offset += count
        }
      }
      for piece in pieces {
        switch piece {
        case .text(let range): bytes.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[range])) }
        case .placeholder(let index):
          if let secret = value(placeholders[index].name) {
            secret.withUnsafeBytes(emit)
          } else {
            Self.unknown.withUnsafeBytes(emit)
          }
        }
      }
      write(UnsafeRawBufferPointer(rebasing: buffer[0..<used]))
    }
  }

  private static let unknown = Array("UNKNOWN".utf8)
}
