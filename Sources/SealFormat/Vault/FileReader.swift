import SealCore
import SealCrypto

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a directory entry is, as `lstat` sees it (a symbolic link is not followed).
public enum FileKind: Sendable, Equatable {
  case regular, directory, symbolicLink, fifo, device, socket

  /// What `fstat` or `lstat` found.
  public init(stat info: stat) { self.init(mode: info.st_mode) }

  private init(mode: mode_t) {
    switch mode & S_IFMT {
    case S_IFREG: self = .regular
    case S_IFDIR: self = .directory
    case S_IFLNK: self = .symbolicLink
    case S_IFIFO: self = .fifo
    case S_IFSOCK: self = .socket
    default: self = .device
    }
  }

  /// `(a FIFO)`, for "not a regular file" messages.
  public var article: String {
    switch self {
    case .regular: "(a regular file)"
    case .directory: "(a directory)"
    case .symbolicLink: "(a symbolic link)"
    case .fifo: "(a FIFO)"
    case .device: "(a device)"
    case .socket: "(a socket)"
    }
  }
}

/// Reads whole files with a size bound, so a huge or endless file cannot exhaust memory.
public enum FileReader {
  /// A file that could not be read, with the operating system's reason.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    /// Whether the file does not exist.
    public let missing: Bool

    public init(path: String, reason: String, missing: Bool) {
      self.path = path
      self.reason = reason
      self.missing = missing
    }

    /// The failure as a problem of the whole file, at `path:1:1:`.
    public var diagnostic: Diagnostic { Diagnostic(path: path, mark: nil, message: reason) }

    public var description: String { diagnostic.description }
  }

  /// The bytes of `path`, at most `limit` of them; longer files fail with `tooLong`.
  public static func read(_ path: String, limit: Int, tooLong: String) throws(Failure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(path) }
    defer { close(fd) }
    return try read(fd, path: path, limit: limit, tooLong: tooLong)
  }

  /// A file inside a vault, which anyone who can commit writes: it must be a regular file,
  /// not a link, so it is opened without following one and without blocking, then checked
  /// with `fstat` before a byte is read (a FIFO or a device is never read).
  public static func readVaultFile(_ path: String, limit: Int, tooLong: String) throws(Failure) -> [UInt8] {
    if let kind = kind(path), kind != .regular { throw notRegular(path, kind) }
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else {
      if errno == ELOOP { throw notRegular(path, .symbolicLink) }
      throw failure(path)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw failure(path) }
    let kind = FileKind(stat: info)
    guard kind == .regular else { throw notRegular(path, kind) }
    return try read(fd, path: path, limit: limit, tooLong: tooLong)
  }

  public static func notRegular(_ path: String, _ kind: FileKind) -> Failure {
    Failure(path: path, reason: "not a regular file \(kind.article); vault files must be regular files", missing: false)
  }

  private static func read(_ fd: Int32, path: String, limit: Int, tooLong: String) throws(Failure) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(path)
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit { throw Failure(path: path, reason: tooLong, missing: false) }
    }
  }

  static func failure(_ path: String) -> Failure {
    let code = errno
    return Failure(path: path, reason: String(cString: strerror(code)), missing: code == ENOENT)
  }

  /// The names in a directory (dotfiles included, `.` and `..` not), sorted; nil when it
  /// does not exist.
  public static func list(_ path: String) throws(Failure) -> [String]? {
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
  public static func exists(_ path: String) -> Bool { kind(path) != nil }

  /// What is at `path`, without following a final symbolic link; nil when nothing is.
  public static func kind(_ path: String) -> FileKind? {
    var info = stat()
    return lstat(path, &info) == 0 ? FileKind(stat: info) : nil
  }
}
