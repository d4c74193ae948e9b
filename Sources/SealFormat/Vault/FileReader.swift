#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

    public var description: String { "\(path): \(reason)" }
  }

  /// The bytes of `path`, at most `limit` of them; longer files fail with `tooLong`.
  public static func read(_ path: String, limit: Int, tooLong: String) throws(Failure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(path) }
    defer { close(fd) }
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
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// Whether `path` is a regular file (not following a final symlink's absence).
  public static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }
}
