import SealFormat

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files with a size bound, so a huge or endless file cannot exhaust memory.
package enum FileReader {
  /// The bytes of `path`, at most `limit` of them; longer files fail with `tooLong`.
  package static func read(_ path: String, limit: Int, tooLong: String) throws(VaultFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(path) }
    defer { close(fd) }
    return try read(fd, path: path, limit: limit, tooLong: tooLong)
  }

  /// A file inside a vault, which anyone who can commit writes: it must be a regular file,
  /// not a link, so it is opened without following one and without blocking, then checked
  /// with `fstat` before a byte is read (a FIFO or a device is never read).
  package static func readVaultFile(_ path: String, limit: Int, tooLong: String) throws(VaultFileError) -> [UInt8] {
    if let kind = kind(path), kind != .regular { throw VaultFileError.notRegular(path, kind) }
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else {
      if errno == ELOOP { throw VaultFileError.notRegular(path, .symbolicLink) }
      throw failure(path)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw failure(path) }
    let kind = FileKind(stat: info)
    guard kind == .regular else { throw VaultFileError.notRegular(path, kind) }
    return try read(fd, path: path, limit: limit, tooLong: tooLong, expected: Int(info.st_size))
  }

  /// Reads to the end in one buffer sized for `expected` bytes (what `fstat` said; a file
  /// that grows meanwhile is read on, to the limit).
  private static func read(_ fd: Int32, path: String, limit: Int, tooLong: String, expected: Int = 0)
    throws(VaultFileError) -> [UInt8]
  {
    var bytes: [UInt8] = []
    var count = 0
    while true {
      if count == bytes.count {
        guard count <= limit else { throw VaultFileError(path: path, reason: tooLong, missing: false) }
        bytes += [UInt8](repeating: 0, count: max(min(expected, limit) + 1 - count, 1 << 16))
      }
      let read = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
      if read < 0 {
        if errno == EINTR { continue }
        throw failure(path)
      }
      if read == 0 {
        guard count <= limit else { throw VaultFileError(path: path, reason: tooLong, missing: false) }
        bytes.removeLast(bytes.count - count)
        return bytes
      }
      count += read
    }
  }

  static func failure(_ path: String) -> VaultFileError {
    let code = errno
    return VaultFileError(path: path, reason: String(cString: strerror(code)), missing: code == ENOENT)
  }

  /// The names in a directory (dotfiles included, `.` and `..` not), sorted; nil when it
  /// does not exist.
  package static func list(_ path: String) throws(VaultFileError) -> [String]? {
    guard let dir = opendir(path) else {
      if errno == ENOENT { return nil }
      throw failure(path)
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// Whether anything exists at `path` (a dangling symlink counts).
  package static func exists(_ path: String) -> Bool { kind(path) != nil }

  /// What is at `path`, without following a final symbolic link; nil when nothing is.
  package static func kind(_ path: String) -> FileKind? {
    var info = stat()
    return lstat(path, &info) == 0 ? FileKind(stat: info) : nil
  }
}

extension FileKind {
  /// What `fstat` or `lstat` found.
  package init(stat info: stat) {
    switch info.st_mode & S_IFMT {
    case S_IFREG: self = .regular
    case S_IFDIR: self = .directory
    case S_IFLNK: self = .symbolicLink
    case S_IFIFO: self = .fifo
    case S_IFSOCK: self = .socket
    default: self = .device
    }
  }
}
