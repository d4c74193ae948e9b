#if canImport(Glibc)
  import Glibc
#endif

/// Filters a stream so that no secret value appears in it: each occurrence becomes `***`.
///
/// Besides each value it masks each line of a multi-line value, the value's JSON-escaped
/// form and its base64 form (padded and unpadded), as GitHub Actions does. Values (and
/// forms) under 4 bytes are not masked: they would mask ordinary text. Overlapping matches
/// resolve leftmost-longest. A match split across two writes is still found, and at most
/// one pattern's length minus one byte is held back, so memory stays bounded however long
/// the child writes without a newline.
public final class Masker {
  /// The shortest value that is masked.
  public static let minimumLength = 4
  private static let mask = Array("***".utf8)

  /// Every pattern, back to back, in secret memory.
  private let arena: SecretBytes
  /// (offset, length) of each pattern in `arena`, grouped by first byte, longest first.
  private let patterns: [(offset: Int, length: Int)]
  /// `patterns[bucket[b]..<bucket[b + 1]]` start with byte `b`.
  private let bucket: [Int]
  private var pending: [UInt8] = []

  /// A masker for `values`.
  public init(values: [SecretValue]) {
    var forms: [SecretBytes] = []
    for value in values {
      for form in Self.forms(of: value.bytes) where form.count >= Self.minimumLength {
        if !forms.contains(where: { $0.isEqual(to: form) }) { forms.append(form) }
      }
    }
    let firsts = forms.map { form in form.withUnsafeBytes { Int($0[0]) } }
    let order = forms.indices.sorted { (firsts[$0], forms[$1].count) < (firsts[$1], forms[$0].count) }
    var arena = SecretBuffer()
    var patterns: [(offset: Int, length: Int)] = []
    var bucket = [Int](repeating: 0, count: 257)
    for index in order {
      patterns.append((arena.count, forms[index].count))
      arena.append(forms[index])
      bucket[firsts[index] + 1] += 1
    }
    for byte in 0..<256 { bucket[byte + 1] += bucket[byte] }
    self.arena = arena.bytes()
    self.patterns = patterns
    self.bucket = bucket
  }

  /// The value, each of its lines, its JSON-escaped form and its base64 forms.
  static func forms(of value: SecretBytes) -> [SecretBytes] {
    var forms = [value]
    value.withUnsafeBytes { raw in
      let lines = raw.split(separator: 0x0A, omittingEmptySubsequences: true)
      if lines.count > 1 || raw.contains(0x0A) {
        for var line in lines {
          if line.last == 0x0D { line = line.dropLast() }
          forms.append(SecretBytes(copying: UnsafeRawBufferPointer(rebasing: line)))
        }
      }
      var json = SecretBuffer()
      JSONString.append(raw, to: &json)
      forms.append(json.bytes())
      let base64 = SecretBytes(count: Base64.encodedLength(raw.count) + 1)
      base64.withUnsafeMutableBytes { Base64.encode(raw, into: $0) }
      let padded = base64.prefix(base64.count - 1)
      let padding = padded.withUnsafeBytes { $0.reversed().prefix { $0 == UInt8(ascii: "=") }.count }
      forms.append(padded)
      forms.append(padded.prefix(padded.count - padding))
    }
    return forms
  }

  /// Takes the next bytes of the stream; returns what can be written now.
  public func feed(_ chunk: UnsafeRawBufferPointer) -> [UInt8] {
    pending.append(contentsOf: chunk)
    return drain(final: false)
  }

  /// Ends the stream; returns the bytes held back.
  public func finish() -> [UInt8] {
    drain(final: true)
  }

  private func drain(final: Bool) -> [UInt8] {
    var consumed = 0
    let out = arena.withUnsafeBytes { arena in
      pending.withUnsafeBytes { input in
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        var copied = 0
        scan: while index < input.count {
          let first = Int(input[index])
          var matched = 0
          for (offset, length) in patterns[bucket[first]..<bucket[first + 1]] {
            let available = input.count - index
            guard memcmp(input.baseAddress! + index, arena.baseAddress! + offset, min(length, available)) == 0
            else { continue }
            if length <= available {
              matched = length
              break
            }
            if !final { break scan }
          }
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
    }
    pending.removeFirst(consumed)
    return out
  }
}
