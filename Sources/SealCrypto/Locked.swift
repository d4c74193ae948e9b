#if canImport(Glibc)
  import Glibc
#endif

/// A value behind a pthread mutex. Not the standard library's `Mutex`: on Linux that hands
/// a contended lock over inside the kernel (a PI futex), where ThreadSanitizer cannot see
/// it, so every contended access was reported as a race and `make test-sanitize` could not
/// tell a real one.
final class Locked<Value>: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private var value: Value

  init(_ value: Value) {
    self.value = value
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` on the value, holding the lock.
  func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value)
  }
}
