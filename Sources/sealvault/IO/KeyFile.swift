import Glibc
import SealFormat

/// Writes a private key file: mode 600, never overwriting, with comment lines naming the
/// kid and public key so a file can be identified without opening anything.
enum KeyFile {
  static func write(_ key: PrivateKey, to path: String) throws(Failure) {
    let header = Array("# sealvault private key\n# kid: \(key.kid)\n# public key: \(key.publicKey.text)\n".utf8)
    let line = key.text()
    let content = SecretBytes(count: header.count + line.count + 1)
    content.withUnsafeMutableBytes { out in
      out.copyBytes(from: header)
      line.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[header.count...]).copyMemory(from: $0) }
      out[out.count - 1] = 0x0A
    }
    try content.withUnsafeBytes { raw in
      Result { () throws(Failure) in try AtomicFile.create(raw, at: path, mode: 0o600) }
    }.get()
  }

  /// The key ring file for `key`: `<ring>/<kid>.key`, the ring directory made mode 700
  /// when missing (`created` gets the directories made).
  /// A ring that readers would refuse (writable by others, another user's) is refused
  /// before anything is written: a key put there would be one nobody may use.
  static func ringPath(for key: PrivateKey, created: inout [String]) throws(Failure) -> String {
    let ring = KeySources.ringDirectory()
    var info = stat()
    if stat(ring, &info) == 0, let problem = SecretInput.keyRingProblem(info, directory: ring) {
      throw .failed(problem)
    }
    created += try AtomicFile.makeDirectory(ring, mode: 0o700)
    return ring + "/\(key.kid).key"
  }
}
