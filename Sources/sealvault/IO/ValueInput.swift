import Glibc
import SealFormat

/// Where `set` takes a value from: `--from-file` as is, piped stdin with one trailing
/// newline dropped, or a hidden prompt when stdin is a terminal. Never from argv.
enum ValueInput {
  static func read(fromFile path: String?, prompt: String) throws(Failure) -> SecretValue {
    let bytes: SecretBytes
    if let path {
      bytes = try SecretInput.readFile(path, limit: SecretValue.maxBytes + 2)
    } else if isatty(0) == 1 {
      bytes = try Terminal.readHidden(prompt: prompt, limit: SecretValue.maxBytes + 2)
    } else {
      guard let piped = try SecretInput.readAll(0, limit: SecretValue.maxBytes + 2, name: "stdin") else {
        throw .failed(ValueError.tooLong.description)
      }
      bytes = dropTrailingNewline(piped)
    }
    let value: SecretValue
    do { value = try SecretValue(bytes) } catch {
      let source = path ?? "stdin"
      throw .failed("\(source): \(error)")
    }
    if let path, bytes.withUnsafeBytes({ $0.last == 0x0A }) {
      Console.warning("\(path): the value ends with a newline, which is kept (--from-file takes the bytes as they are)")
    }
    return value
  }

  /// Drops exactly one trailing `\n` or `\r\n`, as `echo` and heredocs add one.
  static func dropTrailingNewline(_ bytes: SecretBytes) -> SecretBytes {
    let drop = bytes.withUnsafeBytes { raw -> Int in
      guard raw.last == 0x0A else { return 0 }
      return raw.count >= 2 && raw[raw.count - 2] == 0x0D ? 2 : 1
    }
    return drop == 0 ? bytes : bytes.prefix(bytes.count - drop)
  }
}
