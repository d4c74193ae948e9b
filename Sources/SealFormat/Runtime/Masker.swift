import SealCore
import SealCrypto

#if canImport(Glibc)
  import Glibc
#endif

/// Filters a stream so that no secret value appears in it: each occurrence becomes `***`.
///
/// Besides each value it masks each line of a multi-line value, the value's JSON-escaped
/// forms (sealvault's, Python's, Go's and PHP's escaping) and its base64 form (padded and
/// unpadded, and each line of it wrapped at 76 or 64 columns, as base64(1), MIME and PEM
/// write it). Values (and forms) under 4 bytes are not masked: they would mask ordinary
/// text. Overlapping matches resolve leftmost-longest. A match split across two writes is
/// still found, and at most one pattern's length minus one byte is held back, so memory
/// stays bounded however long the child writes without a newline.
package final class Masker {
  /// The shortest value that is masked.
  package static let minimumLength = 4
  private static let mask = Array("***".utf8)

  /// Every pattern, back to back, in secret memory, sorted in byte order without repeats.
  private let arena: SecretBytes
  /// (offset, length) of each pattern in `arena`, in that order.
  private let patterns: [(offset: Int, length: Int)]
  /// A bit for the hash of each pattern's first 4 bytes (every pattern has 4): at most
  /// stream positions no pattern starts at, one load, a multiply and a bit test, and the
  /// search of `longestMatch` is left for the few that may. In wiping memory: it is made
  /// of the values.
  private let prefixes: SecretBytes
  private static let prefixBits = 20
  /// The stream's bytes not yet written: they may begin a value, so they live in wiping memory.
  private var pending = SecretBuffer()

  /// A masker for `secrets`: values, and the text of private keys.
  package init(secrets: [SecretBytes]) {
    let forms = secrets.flatMap(Self.forms).filter { $0.count >= Self.minimumLength }
    let order = forms.indices.sorted { Self.compare(forms[$0], forms[$1]) < 0 }
    var arena = SecretBuffer()
    var patterns: [(offset: Int, length: Int)] = []
    let prefixes = SecretBytes(count: 1 << (Self.prefixBits - 3))
    for (position, index) in order.enumerated() {
      if position > 0 && Self.compare(forms[order[position - 1]], forms[index]) == 0 { continue }
      patterns.append((arena.count, forms[index].count))
      arena.append(forms[index])
      let bit = forms[index].withUnsafeBytes { Self.prefixHash($0, at: 0) }
      prefixes.withUnsafeMutableBytes { $0[bit >> 3] |= 1 << UInt8(bit & 7) }
    }
    self.arena = arena.bytes()
    self.patterns = patterns
    self.prefixes = prefixes
  }

  /// The filter bit of the 4 bytes at `index`.
  private static func prefixHash(_ raw: UnsafeRawBufferPointer, at index: Int) -> Int {
    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)
    return Int((word &* 2_654_435_761) >> UInt32(32 - prefixBits))
  }

  /// Byte order: memcmp on the common length, then the shorter first.
  private static func compare(_ a: SecretBytes, _ b: SecretBytes) -> Int {
    let common = a.withUnsafeBytes { a in
      b.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, min(a.count, b.count)) }
    }
    return common != 0 ? Int(common) : a.count - b.count
  }

  /// The columns at which base64(1) and MIME (76) and PEM (64) wrap base64.
  static let wrapWidths = [76, 64]

  /// The value, each of its lines, its JSON-escaped forms and its base64 forms.
  package static func forms(of value: SecretBytes) -> [SecretBytes] {
    var forms = [value]
    value.withUnsafeBytes { raw in
      if raw.contains(0x0A) { forms += lines(of: raw) }
      for style in JSONString.Style.allCases {
        var json = SecretBuffer()
        JSONString.append(raw, to: &json, style: style)
        forms.append(json.bytes())
      }
      let base64 = SecretBytes(count: Base64.encodedLength(raw.count) + 1)
      base64.withUnsafeMutableBytes { Base64.encode(raw, into: $0) }
      let padded = base64.prefix(base64.count - 1)
      let padding = padded.withUnsafeBytes { $0.reversed().prefix { $0 == UInt8(ascii: "=") }.count }
      forms.append(padded)
      forms.append(padded.prefix(padded.count - padding))
      padded.withUnsafeBytes { text in
        for width in wrapWidths where text.count > width {
          forms += stride(from: 0, to: text.count, by: width).map { start in
            SecretBytes(copying: UnsafeRawBufferPointer(rebasing: text[start..<min(start + width, text.count)]))
          }
        }
      }
    }
    return forms
  }

  /// Each line of a multi-line value, without its line end.
  private static func lines(of raw: UnsafeRawBufferPointer) -> [SecretBytes] {
    raw.split(separator: 0x0A, omittingEmptySubsequences: true).map { line in
      SecretBytes(copying: UnsafeRawBufferPointer(rebasing: line.last == 0x0D ? line.dropLast() : line))
    }
  }

  /// Takes the next bytes of the stream; returns what can be written now.
  package func feed(_ chunk: UnsafeRawBufferPointer) -> [UInt8] {
    pending.append(raw: chunk)
    return drain(final: false)
  }

  /// Ends the stream; returns the bytes held back.
  package func finish() -> [UInt8] {
    drain(final: true)
  }

  private func drain(final: Bool) -> [UInt8] {
    var consumed = 0
    let out = arena.withUnsafeBytes { arena in
      prefixes.withUnsafeBytes { prefixes in
        pending.withUnsafeBytes { input in
          drain(input, arena: arena, prefixes: prefixes, final: final, consumed: &consumed)
        }
      }
    }
    pending.removeFirst(consumed)
    return out
  }

  private func drain(
    _ input: UnsafeRawBufferPointer, arena: UnsafeRawBufferPointer, prefixes: UnsafeRawBufferPointer, final: Bool,
    consumed: inout Int
  ) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    var index = 0
    var copied = 0
    while index < input.count {
      guard index + Self.minimumLength <= input.count else {
        // Fewer bytes than any pattern: they may begin one when more come; at the end,
        // none can match.
        if final { index = input.count }
        break
      }
      let bit = Self.prefixHash(input, at: index)
      guard prefixes[bit >> 3] & (1 << UInt8(bit & 7)) != 0 else {
        index += 1
        continue
      }
      guard let matched = longestMatch(in: input, at: index, arena: arena, final: final) else { break }
      if matched > 0 {
        out.append(contentsOf: input[copied..<index])
        out += Self.mask
        index += matched
        copied = index
      } else {
        index += 1
      }
    }
    out.append(contentsOf: input[copied..<index])
    consumed = index
    return out
  }

  /// The length of the longest pattern at `index` (0 for none), or nil when the input
  /// ends inside a pattern that could still match and more input may come.
  ///
  /// Patterns are sorted, so those sharing the first `depth` bytes with the input form
  /// one range; each further byte narrows it by binary search: a step costs O(log n)
  /// however many secrets there are.
  private func longestMatch(in input: UnsafeRawBufferPointer, at index: Int, arena: UnsafeRawBufferPointer, final: Bool)
    -> Int?
  {
    var low = 0
    var high = patterns.count
    var depth = 0
    var longest = 0
    while low < high {
      if patterns[low].length == depth {
        longest = depth
        low += 1
        if low == high { break }
      }
      guard index + depth < input.count else { return final ? longest : nil }
      let byte = input[index + depth]
      let byteAt = { (pattern: Int) in arena[self.patterns[pattern].offset + depth] }
      low = partition(low, high) { byteAt($0) >= byte }
      high = partition(low, high) { byteAt($0) > byte }
      depth += 1
    }
    return longest
  }

  /// The first index in low..<high where `isAfter` holds (it holds for a suffix of the range).
  private func partition(_ low: Int, _ high: Int, _ isAfter: (Int) -> Bool) -> Int {
    var low = low
    var high = high
    while low < high {
      let middle = (low + high) / 2
      if isAfter(middle) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
