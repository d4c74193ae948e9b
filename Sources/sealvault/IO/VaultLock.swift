import Glibc

/// Serialises writers of one vault: an exclusive `flock` on the vault directory itself,
/// so no lock file is ever left behind, and the kernel drops it if the holder dies.
final class VaultLock {
  private var fd: Int32

  /// Blocks until this process holds the vault's lock; after a second of waiting, says on
  /// stderr what it waits for.
  init(directory: String) throws(Failure) {
    fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw .system(directory, "cannot open vault directory") }
    var waited = 0
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        let failure = Failure.system(directory, "cannot lock vault")
        close(fd)
        throw failure
      }
      usleep(20_000)
      waited += 1
      if waited == 50 {
        Console.note("waiting for the lock on \(directory): another sealvault command is writing this vault")
      }
    }
  }

  /// Releases the lock.
  func unlock() {
    if fd >= 0 { close(fd) }
    fd = -1
  }

  deinit { unlock() }
}
