/// Key text that holds a line that is not a private key: a key file, `$SEALVAULT_PRIVATE_KEY`,
/// or what a key command printed. The error names the line, never its text.
public struct KeyTextError: Error, Sendable, Equatable {
  /// The 1-based line that is neither a key, a `#` comment nor blank.
  public let line: Int
}

extension PrivateKey {
  /// Every key of `text`, in order: one `sv1sk:<base64>` per line; lines split on LF,
  /// trimmed of spaces and tabs (and a final CR); blank lines and lines starting with `#`
  /// skipped. Fails at the first line that is none of these.
  public static func keys(inKeyText text: SecretBytes) throws(KeyTextError) -> [PrivateKey] {
    var keys: [PrivateKey] = []
    var problem: Int?
    text.withUnsafeBytes { raw in
      var line = 0
      for var slice in raw.split(separator: 0x0A, omittingEmptySubsequences: false) {
        line += 1
        while let last = slice.last, last == 0x0D || last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        if slice.isEmpty || slice.first == UInt8(ascii: "#") { continue }
        guard let key = PrivateKey(text: UnsafeRawBufferPointer(rebasing: slice)) else {
          problem = problem ?? line
          continue
        }
        keys.append(key)
      }
    }
    if let line = problem { throw KeyTextError(line: line) }
    return keys
  }
}
