internal import CSodium

#if canImport(Glibc)
  import Glibc
#endif

/// Bytes that must never outlive their use: values and private keys.
///
/// The buffer is wiped with `sodium_memzero` when the last reference goes away; the
/// bytes are reachable only inside `withUnsafeBytes`, never as a `String`, and the
/// type prints as `SecretBytes(<n> bytes)` so a stray `print` or error shows no secret.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible {
  private let storage: UnsafeMutableRawBufferPointer
  /// The number of bytes held.
  public let count: Int

  /// A zeroed buffer of `count` bytes, to be filled through `withUnsafeMutableBytes`.
  package init(count: Int) {
    precondition(count >= 0)
    self.count = count
    storage = .allocate(byteCount: max(count, 1), alignment: 16)
    storage.initializeMemory(as: UInt8.self, repeating: 0)
  }

  /// A copy of `bytes`; the caller stays responsible for wiping its own buffer.
  public convenience init(copying bytes: UnsafeRawBufferPointer) {
    self.init(count: bytes.count)
    if let source = bytes.baseAddress, count > 0 {
      storage.baseAddress!.copyMemory(from: source, byteCount: count)
    }
  }

  deinit {
    sodium_memzero(storage.baseAddress, storage.count)
    storage.deallocate()
  }

  /// Reads the bytes; the pointer must not escape `body`.
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
  }

  /// Fills the bytes; the pointer must not escape `body`. Only the package writes: a value
  /// checked once (`SecretValue`) cannot be changed afterwards by a library user.
  package func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R)
    rethrows -> R
  {
    try body(UnsafeMutableRawBufferPointer(rebasing: storage[0..<count]))
  }

  /// The first `length` bytes as a new buffer (this one is wiped when released).
  package func prefix(_ length: Int) -> SecretBytes {
    precondition(length <= count)
    return withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
  }

  /// Whether `needle` occurs in the bytes (to warn about `${` without showing the value).
  package func contains(_ needle: some Collection<UInt8>) -> Bool {
    let needle = Array(needle)
    guard let first = needle.first else { return true }
    return withUnsafeBytes { raw in
      var offset = 0
      while raw.count - offset >= needle.count {
        guard let hit = memchr(raw.baseAddress! + offset, Int32(first), raw.count - offset - needle.count + 1) else {
          return false
        }
        offset = UnsafeRawPointer(hit) - raw.baseAddress!
        if memcmp(hit, needle, needle.count) == 0 { return true }
        offset += 1
      }
      return false
    }
  }

  public var description: String { "SecretBytes(\(count) bytes)" }
}
