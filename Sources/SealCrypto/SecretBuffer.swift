/// A growable buffer for output that holds values (a rendered template, an export): every
/// byte lives in `SecretBytes`, and each outgrown copy is wiped as it is released.
public struct SecretBuffer {
  private var storage = SecretBytes(count: 256)
  /// The bytes written so far.
  public private(set) var count = 0

  public init() {}

  /// Appends public bytes (template text, syntax).
  public mutating func append(_ bytes: some Collection<UInt8>) {
    reserve(bytes.count)
    storage.withUnsafeMutableBytes { out in
      var index = count
      for byte in bytes {
        out[index] = byte
        index += 1
      }
    }
    count += bytes.count
  }

  /// Appends one byte.
  public mutating func append(byte: UInt8) {
    reserve(1)
    storage.withUnsafeMutableBytes { $0[count] = byte }
    count += 1
  }

  /// Appends secret bytes.
  public mutating func append(_ secret: SecretBytes) {
    secret.withUnsafeBytes { append(raw: $0) }
  }

  /// Appends bytes from memory the caller owns.
  public mutating func append(raw: UnsafeRawBufferPointer) {
    reserve(raw.count)
    storage.withUnsafeMutableBytes { out in
      UnsafeMutableRawBufferPointer(rebasing: out[count..<(count + raw.count)]).copyMemory(from: raw)
    }
    count += raw.count
  }

  private mutating func reserve(_ extra: Int) {
    guard count + extra > storage.count else { return }
    let grown = SecretBytes(count: max(storage.count * 2, count + extra))
    storage.withUnsafeBytes { old in
      grown.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: old[0..<count])) }
    }
    storage = grown
  }

  /// The bytes written, in a buffer of their own.
  public func bytes() -> SecretBytes { storage.prefix(count) }
}
