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

  /// Encodes secret bytes (a value, a private key) into `out`, which holds
  /// `encodedLength(bytes.count) + 1` bytes (a C terminator): libsodium's encoder, whose
  /// time does not depend on the bytes.
  package static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
    _ = sodiumReady
    precondition(out.count == encodedLength(bytes.count) + 1)
    _ = sodium_bin2base64(
      out.baseAddress!.assumingMemoryBound(to: CChar.self), out.count,
      bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, variant)
  }

  /// Encodes public bytes (a public key, a token's payload) as text, by a table (a vault
  /// writes many tokens; a test compares it with libsodium's encoder).
  package static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    append(bytes, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the UTF-8 of `encode(bytes)` to `out`.
  package static func append(_ bytes: [UInt8], to out: inout [UInt8]) {
    let start = out.count
    out += [UInt8](repeating: 0, count: encodedLength(bytes.count))
    out.withUnsafeMutableBufferPointer { out in
      bytes.withUnsafeBufferPointer { bytes in
        alphabet.withUnsafeBufferPointer { alphabet in
          func digit(_ value: UInt8) -> UInt8 { alphabet[Int(value & 0x3F)] }
          var at = start
          var index = 0
          while index + 3 <= bytes.count {
            let (a, b, c) = (bytes[index], bytes[index + 1], bytes[index + 2])
            (out[at], out[at + 1]) = (digit(a >> 2), digit(a << 4 | b >> 4))
            (out[at + 2], out[at + 3]) = (digit(b << 2 | c >> 6), digit(c))
            at += 4
            index += 3
          }
          guard index < bytes.count else { return }
          let a = bytes[index]
          let b = index + 1 < bytes.count ? bytes[index + 1] : 0
          (out[at], out[at + 1]) = (digit(a >> 2), digit(a << 4 | b >> 4))
          (out[at + 2], out[at + 3]) = (index + 1 < bytes.count ? digit(b << 2) : pad, pad)
        }
      }
    }
  }

  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// Decodes canonical base64 of secret text (a private key) into `buffer`; returns the
  /// decoded length, or nil when the text is not that or does not fit. libsodium's decoder,
  /// whose time does not depend on the digits (a table's would, through the cache).
  ///
  /// libsodium 1.0.18 takes every byte from 0x80 up as some base64 digit, so such bytes
  /// are refused first (found by FuzzScope: a token holding U+2028 read, and `fmt` wrote
  /// it where YAML reads a line break). The check reads every byte whatever they hold.
  package static func decode(secret text: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
    guard text.reduce(0, |) & 0x80 == 0 else { return nil }
    _ = sodiumReady
    var length = 0
    let status = sodium_base642bin(
      buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), buffer.count,
      text.baseAddress?.assumingMemoryBound(to: CChar.self), text.count,
      nil, &length, nil, variant)
    return status == 0 ? length : nil
  }

  /// Decodes canonical base64 of public text (a token, a public key) into at most
  /// `maxLength` bytes: length a multiple of 4, `=` only as the last one or two digits,
  /// the unused bits of the last digit zero; nil for anything else. What libsodium's
  /// decoder accepts, by a table (a test compares the two), as a vault holds many tokens.
  package static func decode(_ text: UnsafeBufferPointer<UInt8>, maxLength: Int) -> [UInt8]? {
    guard text.count <= encodedLength(maxLength), let length = length(text), length <= maxLength else { return nil }
    var valid = false
    let out = [UInt8](unsafeUninitializedCapacity: length) { out, initialized in
      valid = scan(text, into: out.baseAddress)
      initialized = length
    }
    return valid ? out : nil
  }

  /// Decodes canonical base64 of public text into `out`, which has room for it; returns
  /// the decoded length, or nil when the text is not that.
  package static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
    guard let length = length(text), length <= out.count, scan(text, into: out.baseAddress) else { return nil }
    return length
  }

  /// Decodes public text given as a string.
  package static func decode(_ text: Substring, maxLength: Int) -> [UInt8]? {
    var text = text
    return text.withUTF8 { decode($0, maxLength: maxLength) }
  }

  /// How many bytes `text` decodes to when it is canonical base64, else nil: the checks of
  /// `decode` without the bytes (a token is checked when read, decoded when opened).
  package static func decodedLength(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let length = length(text), scan(text, into: nil) else { return nil }
    return length
  }

  /// The length `text` would decode to, by its length and padding alone.
  private static func length(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
    guard text.count % 4 == 0 else { return nil }
    return text.count / 4 * 3 - padding(text)
  }

  /// How many `=` end `text` (a multiple of 4 long): 0, 1 or 2.
  private static func padding(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    guard let last = text.last, last == pad else { return 0 }
    return text[text.count - 2] == pad ? 2 : 1
  }

  /// Whether `text` (a multiple of 4 long) is canonical base64; decodes it into `out` when
  /// given. A digit's table entry has bit 7 set when it is not one.
  private static func scan(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>?) -> Bool {
    guard !text.isEmpty else { return true }
    let padding = padding(text)
    let whole = text.count / 4 - (padding == 0 ? 0 : 1)
    var bad: UInt8 = 0
    digits.withUnsafeBufferPointer { digits in
      let (digits, text) = (digits.baseAddress!, text.baseAddress!)
      func digit(_ index: Int) -> UInt8 { digits[Int(text[index])] }
      for group in 0..<whole {
        let (a, b, c, d) = (digit(4 * group), digit(4 * group + 1), digit(4 * group + 2), digit(4 * group + 3))
        bad |= a | b | c | d
        if let out {
          out[3 * group] = a << 2 | b >> 4
          out[3 * group + 1] = b << 4 | c >> 2
          out[3 * group + 2] = c << 6 | d
        }
      }
      // The padded group: its unused bits must be zero.
      guard padding > 0 else { return }
      let (a, b) = (digit(4 * whole), digit(4 * whole + 1))
      bad |= a | b
      out?[3 * whole] = a << 2 | b >> 4
      if padding == 1 {
        let c = digit(4 * whole + 2)
        bad |= c | (c & 0x03 == 0 ? 0 : 0x80)
        out?[3 * whole + 1] = b << 4 | c >> 2
      } else {
        bad |= b & 0x0F == 0 ? 0 : 0x80
      }
    }
    return bad & 0x80 == 0
  }

  private static let pad = UInt8(ascii: "=")

  /// Each byte's digit value, or 0xFF when it is not a digit (`=` included: the padding is
  /// placed by length, never read as a digit).
  private static let digits: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (value, char) in alphabet.enumerated() {
      table[Int(char)] = UInt8(value)
    }
    return table
  }()
}
