internal import CSodium

/// libsodium must be initialised once before any call; this global does it lazily and
/// thread-safely the first time a crypto type is used.
let sodiumReady: Void = {
  guard sodium_init() >= 0 else { fatalError("libsodium could not be initialised") }
}()

/// Fills `buffer` with bytes from the operating system's CSPRNG.
func randomBytes(_ buffer: UnsafeMutableRawBufferPointer) {
  _ = sodiumReady
  randombytes_buf(buffer.baseAddress!, buffer.count)
}

/// Standard base64 with padding (libsodium's ORIGINAL variant), the contract's text form.
package enum Base64 {
  private static let variant = Int32(sodium_base64_VARIANT_ORIGINAL)

  /// The text length of `count` bytes, without the C terminator.
  package static func encodedLength(_ count: Int) -> Int {
    sodium_base64_encoded_len(count, variant) - 1
  }

  /// Encodes into `out`, which holds `encodedLength(bytes.count) + 1` bytes (a C terminator).
  package static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
    _ = sodiumReady
    precondition(out.count == encodedLength(bytes.count) + 1)
    _ = sodium_bin2base64(
      out.baseAddress!.assumingMemoryBound(to: CChar.self), out.count,
      bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, variant)
  }

  /// Encodes public bytes (a key, a token's payload) as text.
  static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
    var out = [UInt8](repeating: 0, count: encodedLength(bytes.count) + 1)
    out.withUnsafeMutableBytes { encode(bytes, into: $0) }
    return String(decoding: out.dropLast(), as: UTF8.self)
  }

  package static func encode(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBytes { encode($0) }
  }

  /// Decodes canonical base64 (exact padding, no stray bits, nothing else) into `buffer`;
  /// returns the decoded length, or nil when the text is not that or does not fit.
  ///
  /// libsodium 1.0.18 takes every byte from 0x80 up as some base64 digit, so such bytes
  /// are refused first (found by FuzzScope: a token holding U+2028 read, and `fmt` wrote
  /// it where YAML reads a line break). The check reads every byte whatever they hold, as
  /// key text passes through here too.
  static func decode(_ text: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer)
    -> Int?
  {
    guard text.reduce(0, |) & 0x80 == 0 else { return nil }
    _ = sodiumReady
    var length = 0
    let status = sodium_base642bin(
      buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), buffer.count,
      text.baseAddress?.assumingMemoryBound(to: CChar.self), text.count,
      nil, &length, nil, variant)
    return status == 0 ? length : nil
  }

  /// Decodes public text (a token, a public key) into at most `maxLength` bytes.
  package static func decode(_ text: Substring, maxLength: Int) -> [UInt8]? {
    let capacity = min(maxLength, text.utf8.count / 4 * 3)
    guard text.utf8.count <= encodedLength(maxLength) else { return nil }
    var out = [UInt8](repeating: 0, count: capacity)
    var utf8 = Array(text.utf8)
    let length = utf8.withUnsafeMutableBytes { input in
      out.withUnsafeMutableBytes { decode(UnsafeRawBufferPointer(input), into: $0) }
    }
    utf8.removeAll()
    guard let length else { return nil }
    out.removeLast(capacity - length)
    return out
  }
}
