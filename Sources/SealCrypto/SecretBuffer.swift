/// A growable buffer for output that holds values (a rendered template, an export): every
/// byte lives in `SecretBytes`, and each outgrown copy is wiped as it is released. Copies
/// are copy-on-write: writing to one never changes another.
package struct SecretBuffer {
  private var storage = SecretBytes(count: 256)
  /// The bytes written so far.
  package private(set) var count = 0

  package init() {}

  /// Appends public bytes (template text, syntax).
  package mutating func append(_ bytes: some Collection<UInt8>) {
    guard bytes.withContiguousStorageIfAvailable({ append(raw: UnsafeRawBufferPointer($0)) }) == nil else { return }
    Array(bytes).withUnsafeBytes { append(raw: $0) }
  }

  /// Appends one byte.
  package mutating func append(byte: UInt8) {
    reserve(1)
    storage.withUnsafeMutableBytes { $0[count] = byte }
    count += 1
  }

  /// Appends secret bytes.
  package mutating func append(_ secret: SecretBytes) {
    secret.withUnsafeBytes { append(raw: $0) }
  }

  /// Appends bytes from memory the caller owns.
  package mutating func append(raw: UnsafeRawBufferPointer) {
    reserve(raw.count)
    storage.withUnsafeMutableBytes { out in
      UnsafeMutableRawBufferPointer(rebasing: out[count..<(count + raw.count)]).copyMemory(from: raw)
    }
    count += raw.count
  }

  /// Room for `extra` more bytes in storage this buffer alone holds.
  private mutating func reserve(_ extra: Int) {
    let unique = isKnownUniquelyReferenced(&storage)
    guard !unique || count + extra > storage.count else { return }
    let grown = SecretBytes(
      count: max(count + extra > storage.count ? storage.count * 2 : storage.count, count + extra))
    storage.withUnsafeBytes { old in
      grown.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: old[0..<count])) }
    }
    storage = grown
  }

  /// Drops the first `length` bytes, moving the rest to the front; the bytes freed at the
  /// end are zeroed.
  package mutating func removeFirst(_ length: Int) {
    precondition(length <= count)
    reserve(0)
    storage.withUnsafeMutableBytes { raw in
      let base = raw.baseAddress!
      (base).copyMemory(from: base + length, byteCount: count - length)
      (base + count - length).initializeMemory(as: UInt8.self, repeating: 0, count: length)
    }
    count -= length
  }

  /// Reads the bytes written; the pointer must not escape `body`.
  package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
  }

  /// The bytes written, in a buffer of their own.
  package func bytes() -> SecretBytes { storage.prefix(count) }
}
