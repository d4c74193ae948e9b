/// A secret's plaintext: 1 byte to 64 KiB of UTF-8 without NUL (NUL could not reach an
/// environment). Held in wiping memory; never a `String`.
public struct SecretValue: Sendable {
  /// The largest value, in bytes.
  public static let maxBytes = 65536
  /// The plaintext bytes.
  public let bytes: SecretBytes

  /// A checked value; the error never contains the bytes.
  public init(_ bytes: SecretBytes) throws(ValueError) {
    guard bytes.count > 0 else { throw .empty }
    guard bytes.count <= Self.maxBytes else { throw .tooLong }
    if let problem = bytes.withUnsafeBytes(Self.problem) { throw problem }
    self.bytes = bytes
  }

  private static func problem(_ raw: UnsafeRawBufferPointer) -> ValueError? {
    guard !raw.contains(0) else { return .containsNUL }
    return UTF8Validation.firstInvalidOffset(raw) == nil ? nil : .notUTF8
  }

}

/// Why bytes cannot be a value.
public enum ValueError: Error, Sendable, CustomStringConvertible {
  case empty, tooLong, containsNUL, notUTF8

  public var description: String {
    switch self {
    case .empty: "the value is empty"
    case .tooLong: "the value is over 64 KiB (65536 bytes)"
    case .containsNUL: "the value contains a NUL byte, which no environment can carry"
    case .notUTF8: "the value is not valid UTF-8"
    }
  }
}

/// The one UTF-8 validator: values, and the dotenv files they are imported from.
package enum UTF8Validation {
  /// The byte offset of the first invalid UTF-8 sequence in `raw`, or nil when it is valid.
  package static func firstInvalidOffset(_ raw: UnsafeRawBufferPointer) -> Int? {
    // ASCII, the common case, is valid without decoding.
    guard raw.reduce(0, |) & 0x80 != 0 else { return nil }
    var offset = 0
    var iterator = raw.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}
