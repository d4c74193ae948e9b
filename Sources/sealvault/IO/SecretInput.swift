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

  /// Reads a whole file; `private` files must be regular files (a FIFO never blocks the
  /// command) not readable by group or others.
  static func readFile(_ path: String, limit: Int, privateKey: Bool = false) throws(Failure) -> SecretBytes {
    let fd = open(path, O_RDONLY | O_CLOEXEC | (privateKey ? O_NONBLOCK : 0))
    guard fd >= 0 else { throw .system(path, "cannot open") }
    defer { close(fd) }
    if privateKey {
      var info = stat()
      guard fstat(fd, &info) == 0 else { throw .system(path, "cannot stat") }
      let kind = FileKind(stat: info)
      guard kind == .regular else { throw .failed("\(path): private key file is not a regular file \(kind.article)") }
      if info.st_mode & 0o044 != 0 {
        let mode = String(info.st_mode & 0o777, radix: 8)
        guard FileReader.kind(path) != .symbolicLink else {
          // A chmod through the link would change whatever it points to (say /etc/passwd).
          throw .failed(
            "\(path): private key file is a link to a file readable by group or others (mode \(mode)); point it to a key file of mode 600, or remove it"
          )
        }
        throw .failed(
          "\(path): private key file is readable by group or others (mode \(mode)); fix it with: chmod 600 \(path)")
      }
    }
    guard let bytes = try readAll(fd, limit: limit, name: path) else {
      throw .failed("\(path): file is over \(limit) bytes")
    }
    return bytes
  }

  /// The keys of key text from `source`; a line that is not a key is named, never shown.
  static func privateKeys(in text: SecretBytes, source: String) throws(Failure) -> [PrivateKey] {
    do { return try PrivateKey.keys(inKeyText: text) } catch {
      throw .failed("\(source): line \(error.line) is not a private key (expected sv1sk:<base64 of 32 bytes>)")
    }
  }
}
