import Glibc
import SealFiles
import SealFormat

/// Whole-file writes that either land completely or not at all: a temp dotfile in the same
/// directory, fsync, rename over the target, fsync of the directory. A process killed
/// mid-write leaves the old file intact and at most a `.sealvault-tmp-*` dotfile, which
/// `check` and git ignore and the next write under the lock removes.
enum AtomicFile {
  static let tempPrefix = ".sealvault-tmp-"

  /// Replaces `path` with `bytes`, created with `mode` when new.
  static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(Failure) {
    try bytes.withUnsafeBytes { raw in Result { () throws(Failure) in try write(raw, to: path, mode: mode) } }.get()
  }

  static func write(_ raw: UnsafeRawBufferPointer, to path: String, mode: mode_t) throws(Failure) {
    try stream(to: path, mode: mode) { write in write(raw) }
  }

  /// Replaces `path` with what `produce` writes, in as many pieces as it likes (a rendered
  /// template streams): a temp file of `mode`, fsync, rename over `path`. If anything fails,
  /// `path` is left as it was and the temp file is removed.
  static func stream(
    to path: String, mode: mode_t, _ produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void
  ) throws(Failure) {
    let directory = parent(of: path)
    let temp = directory + "/" + tempPrefix + randomSuffix()
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    // The error names the file being written, not the temp file (a read-only vault).
    guard fd >= 0 else { throw .system(path, "cannot write") }
    var ok = true
    produce { raw in ok = ok && Console.writeAll(fd, raw) }
    ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0
    ok = (close(fd) == 0) && ok
    guard ok, rename(temp, path) == 0 else {
      let failure = Failure.system(path, "cannot write")
      unlink(temp)
      throw failure
    }
    try syncDirectory(directory)
  }

  /// Fails unless a file can be created in `directory` (a temp file, removed at once), so a
  /// command can refuse before it changes anything.
  static func probe(_ directory: String) throws(Failure) {
    let temp = directory + "/" + tempPrefix + randomSuffix()
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .system(directory, "cannot write") }
    close(fd)
    unlink(temp)
  }

  /// Writes a new file that must not exist yet (key files), synced with its directory.
  static func create(_ raw: UnsafeRawBufferPointer, at path: String, mode: mode_t) throws(Failure) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
    guard fd >= 0 else {
      if errno == EEXIST { throw .failed("\(path) already exists; not overwriting it") }
      throw .system(path, "cannot create")
    }
    let ok = Console.writeAll(fd, raw) && fchmod(fd, mode) == 0 && fsync(fd) == 0
    close(fd)
    guard ok else {
      let failure = Failure.system(path, "cannot write")
      unlink(path)
      throw failure
    }
    try syncDirectory(parent(of: path))
  }

  /// Removes `path` and syncs its directory (a workflow file whose last secret is deleted).
  static func remove(_ path: String) throws(Failure) {
    guard unlink(path) == 0 || errno == ENOENT else { throw .system(path, "cannot remove") }
    try syncDirectory(parent(of: path))
  }

  /// Removes temp files that a killed writer left in `directory`; call under the vault lock.
  static func removeLeftovers(in directory: String) {
    for name in (try? FileReader.list(directory)) ?? nil ?? [] where name.hasPrefix(tempPrefix) {
      unlink(directory + "/" + name)
    }
  }

  /// Creates `path` (and its parents) as directories with `mode` when missing; returns
  /// the directories it created, parents first, so a failed command can remove them.
  @discardableResult
  static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(Failure) -> [String] {
    if mkdir(path, mode) == 0 {
      try syncDirectory(parent(of: path))
      return [path]
    }
    if errno == EEXIST { return [] }
    guard errno == ENOENT else { throw .system(path, "cannot create directory") }
    let created = try makeDirectory(parent(of: path), mode: mode)
    guard mkdir(path, mode) == 0 else {
      if errno == EEXIST { return created }
      throw .system(path, "cannot create directory")
    }
    try syncDirectory(parent(of: path))
    return created + [path]
  }

  static func syncDirectory(_ directory: String) throws(Failure) {
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw .system(directory, "cannot open directory") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw .system(directory, "cannot sync directory") }
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  private static func randomSuffix() -> String {
    String(UInt64.random(in: .min ... .max), radix: 16)
  }
}
