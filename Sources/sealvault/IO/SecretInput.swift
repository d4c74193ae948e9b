import Glibc
import SealFiles
import SealFormat

/// Reads secret bytes (values, key text, dotenv files) straight into wiping memory.
enum SecretInput {
  /// Reads `fd` to its end; nil when it holds more than `limit` bytes.
  static func readAll(_ fd: Int32, limit: Int, name: String) throws(Failure) -> SecretBytes? {
    let buffer = SecretBytes(count: limit + 1)
    var length = 0
    let failed = buffer.withUnsafeMutableBytes { raw in
      while length < raw.count {
        let count = read(fd, raw.baseAddress! + length, raw.count - length)
        if count < 0 {
          if errno == EINTR { continue }
          return true
        }
        if count == 0 { break }
        length += count
      }
      return false
    }
    if failed { throw .system(name, "cannot read") }
    return length > limit ? nil : buffer.prefix(length)
  }

  /// Reads a whole file; `private` files must be key files `keyFileProblem` accepts (a FIFO
  /// never blocks the command).
  static func readFile(_ path: String, limit: Int, privateKey: Bool = false) throws(Failure) -> SecretBytes {
    let fd = open(path, O_RDONLY | O_CLOEXEC | (privateKey ? O_NONBLOCK : 0))
    guard fd >= 0 else { throw .system(path, "cannot open") }
    defer { close(fd) }
    if privateKey {
      var info = stat()
      guard fstat(fd, &info) == 0 else { throw .system(path, "cannot stat") }
      if let problem = keyFileProblem(info, path: path) { throw .failed(problem) }
    }
    guard let bytes = try readAll(fd, limit: limit, name: path) else {
      throw .failed("\(path): file is over \(limit) bytes")
    }
    return bytes
  }

  /// Why the file `path` (of `info`, the file itself when `path` is a link) may not hold a
  /// private key, or nil: it must be a regular file that neither group nor others can read
  /// or write, owned by this user or root (as OpenSSH asks of a key). Anyone else who could
  /// write it could swap the key; anyone who could read it holds every value.
  static func keyFileProblem(_ info: stat, path: String) -> String? {
    let kind = FileKind(stat: info)
    guard kind == .regular else { return "\(path): private key file is not a regular file \(kind.article)" }
    if info.st_uid != geteuid() && info.st_uid != 0 {
      return
        "\(path): private key file is owned by uid \(info.st_uid), not by you (uid \(geteuid())) or root; use a key file of your own"
    }
    guard info.st_mode & 0o066 != 0 else { return nil }
    let access = [info.st_mode & 0o044 != 0 ? "readable" : nil, info.st_mode & 0o022 != 0 ? "writable" : nil]
    let what = "\(access.compactMap { $0 }.joined(separator: " and ")) by group or others"
    let mode = String(info.st_mode & 0o777, radix: 8)
    guard FileReader.kind(path) != .symbolicLink else {
      // A chmod through the link would change whatever it points to (say /etc/passwd).
      return
        "\(path): private key file is a link to a file \(what) (mode \(mode)); point it to a key file of mode 600, or remove it"
    }
    return "\(path): private key file is \(what) (mode \(mode)); fix it with: chmod 600 \(path)"
  }

  /// Why the key ring `directory` (of `info`) may not be read, or nil: nobody but its owner
  /// (this user or root) may write it, or anyone could add a key or swap one.
  static func keyRingProblem(_ info: stat, directory: String) -> String? {
    if info.st_uid != geteuid() && info.st_uid != 0 {
      return "key ring \(directory) is owned by uid \(info.st_uid), not by you (uid \(geteuid())) or root"
    }
    guard info.st_mode & 0o022 != 0 else { return nil }
    let mode = String(info.st_mode & 0o7777, radix: 8)
    guard info.st_mode & S_ISVTX == 0 else {
      // A shared directory such as /tmp: a chmod would break everyone else's use of it.
      return
        "key ring \(directory) is a shared directory (mode \(mode)), so anyone could add a key; use a directory of your own (mkdir -m 700 DIR) as $SEALVAULT_KEYS_DIR"
    }
    return
      "key ring \(directory) is writable by group or others (mode \(mode)), so anyone could add a key; fix it with: chmod 700 \(directory)"
  }

  /// The keys of key text from `source`; a line that is not a key is named, never shown.
  static func privateKeys(in text: SecretBytes, source: String) throws(Failure) -> [PrivateKey] {
    do { return try PrivateKey.keys(inKeyText: text) } catch {
      throw .failed("\(source): line \(error.line) is not a private key (expected sv1sk:<base64 of 32 bytes>)")
    }
  }
}
