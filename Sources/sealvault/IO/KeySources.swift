import Glibc
import SealFormat

/// The private key sources of CONTRACT §4, consulted in order and each loaded at most
/// once, only as far as needed: a kid found in an early source never runs the key command.
final class KeySources {
  private enum Source {
    case keyFile(String?)
    case environmentText
    case environmentFile
    case command
    case ring(String)
  }

  private let sources: [Source]
  /// Each consulted source's keys, with where each key came from.
  private var loaded: [Int: [(key: PrivateKey, origin: String)]] = [:]

  /// The sources for this process: `--key-file`, then the environment, then the key ring.
  init(keyFile: String?) {
    sources = [.keyFile(keyFile), .environmentText, .environmentFile, .command, .ring(Self.ringDirectory())]
  }

  /// The key ring directory: `$SEALVAULT_KEYS_DIR`, else `$XDG_CONFIG_HOME/sealvault/keys`,
  /// else `~/.config/sealvault/keys`.
  static func ringDirectory() -> String {
    if let dir = Environment.value("SEALVAULT_KEYS_DIR") { return dir }
    if let config = Environment.value("XDG_CONFIG_HOME") { return config + "/sealvault/keys" }
    return (Environment.value("HOME") ?? "") + "/.config/sealvault/keys"
  }

  /// A key for every kid in `kids`; fails on the first kid no source has.
  func keys(for kids: some Sequence<KeyID>) throws(Failure) -> [PrivateKey] {
    let (found, missing) = try search(kids)
    if let kid = missing.first { throw .failed(noKeyMessage(kid)) }
    return found
  }

  /// Every key found for `kids`, and the kids none of the sources has.
  func search(_ kids: some Sequence<KeyID>) throws(Failure) -> (found: [PrivateKey], missing: [KeyID]) {
    var found: [PrivateKey] = []
    var missing: [KeyID] = []
    for kid in Swift.Set(kids).sorted() {
      if let key = try find(kid) { found.append(key) } else { missing.append(kid) }
    }
    return (found, missing)
  }

  private func find(_ kid: KeyID) throws(Failure) -> PrivateKey? {
    for index in sources.indices {
      if let found = try keys(index).first(where: { $0.key.kid == kid }) { return found.key }
    }
    return nil
  }

  /// Where the key for `kid` was found, once a search has found it.
  func origin(of kid: KeyID) -> String? {
    for index in sources.indices {
      if let found = loaded[index]?.first(where: { $0.key.kid == kid }) { return found.origin }
    }
    return nil
  }

  private func keys(_ index: Int) throws(Failure) -> [(key: PrivateKey, origin: String)] {
    if let keys = loaded[index] { return keys }
    let keys = try load(sources[index])
    loaded[index] = keys
    return keys
  }

  private func load(_ source: Source) throws(Failure) -> [(key: PrivateKey, origin: String)] {
    switch source {
    case .keyFile(let path):
      guard let path else { return [] }
      return try fileKeys(path, origin: "--key-file \(path)")
    case .environmentText:
      guard let text = Environment.secret("SEALVAULT_PRIVATE_KEY") else { return [] }
      return try SecretInput.privateKeys(in: text, source: "$SEALVAULT_PRIVATE_KEY").map {
        ($0, "$SEALVAULT_PRIVATE_KEY")
      }
    case .environmentFile:
      guard let path = Environment.value("SEALVAULT_KEY_FILE") else { return [] }
      return try fileKeys(path, origin: "$SEALVAULT_KEY_FILE \(path)")
    case .command:
      guard let command = Environment.value("SEALVAULT_KEY_COMMAND") else { return [] }
      let text = try KeyCommand.run(command)
      return try SecretInput.privateKeys(in: text, source: "the output of $SEALVAULT_KEY_COMMAND").map {
        ($0, "$SEALVAULT_KEY_COMMAND")
      }
    case .ring(let directory):
      var keys: [(key: PrivateKey, origin: String)] = []
      for name in try listRing(directory) where name.hasSuffix(".key") && !name.hasPrefix(".") {
        let path = directory + "/" + name
        keys += try fileKeys(path, origin: "key ring \(path)")
      }
      return keys
    }
  }

  private func fileKeys(_ path: String, origin: String) throws(Failure) -> [(key: PrivateKey, origin: String)] {
    let text = try SecretInput.readFile(path, limit: 1 << 20, privateKey: true)
    return try SecretInput.privateKeys(in: text, source: path).map { ($0, origin) }
  }

  private func listRing(_ directory: String) throws(Failure) -> [String] {
    do { return try FileReader.list(directory) ?? [] } catch { throw .failed(error.description) }
  }

  /// Names the kid wanted and every place looked in.
  func noKeyMessage(_ kid: KeyID) -> String {
    let places = sources.indices.map { index -> String in
      let count = loaded[index].map { " (\($0.count) key\($0.count == 1 ? "" : "s"))" } ?? ""
      switch sources[index] {
      case .keyFile(let path): return path.map { "--key-file \($0)\(count)" } ?? "--key-file (not given)"
      case .environmentText:
        return "$SEALVAULT_PRIVATE_KEY" + (Environment.isSet("SEALVAULT_PRIVATE_KEY") ? count : " (not set)")
      case .environmentFile:
        return "$SEALVAULT_KEY_FILE"
          + (Environment.value("SEALVAULT_KEY_FILE").map { " \($0)\(count)" } ?? " (not set)")
      case .command:
        return "$SEALVAULT_KEY_COMMAND" + (Environment.isSet("SEALVAULT_KEY_COMMAND") ? count : " (not set)")
      case .ring(let directory): return "key ring \(directory)\(count)"
      }
    }
    return "no private key for kid \(kid); looked in: \(places.joined(separator: ", "))"
  }
}

/// The process environment, read without copying secrets into Strings.
enum Environment {
  /// A non-empty variable as text (paths, commands; never key text).
  static func value(_ name: String) -> String? {
    guard let pointer = getenv(name), pointer.pointee != 0 else { return nil }
    return String(cString: pointer)
  }

  static func isSet(_ name: String) -> Bool { getenv(name) != nil }

  /// A variable's bytes in secret memory (key text).
  static func secret(_ name: String) -> SecretBytes? {
    guard let pointer = getenv(name), pointer.pointee != 0 else { return nil }
    return SecretBytes(copying: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
  }
}

extension Environment {
  /// Calls `body` with this process's environment plus `values` (which win over inherited
  /// variables of the same name), built in secret memory and wiped when `body` returns.
  static func withChildEnvironment<Result>(
    _ values: [(name: SecretName, value: SecretValue)], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
  ) -> Result {
    let names = Swift.Set(values.map(\.name.text))
    var inherited: [UnsafeMutablePointer<CChar>?] = []
    var index = 0
    while let entry = environ[index] {
      let name = String(cString: entry).prefix { $0 != "=" }
      if !names.contains(String(name)) { inherited.append(entry) }
      index += 1
    }
    let entries = values.map { name, value in
      let prefix = Array("\(name)=".utf8)
      let entry = SecretBytes(count: prefix.count + value.bytes.count + 1)
      entry.withUnsafeMutableBytes { out in
        out.copyBytes(from: prefix)
        value.bytes.withUnsafeBytes {
          UnsafeMutableRawBufferPointer(rebasing: out[prefix.count...]).copyMemory(from: $0)
        }
        out[out.count - 1] = 0
      }
      return entry
    }
    return withPointers(entries[...]) { secretPointers in body(inherited + secretPointers + [nil]) }
  }

  /// Nests `withUnsafeMutableBytes` over every entry, so all pointers are valid at once.
  private static func withPointers<Result>(
    _ entries: ArraySlice<SecretBytes>, _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
  ) -> Result {
    guard let first = entries.first else { return body([]) }
    return first.withUnsafeMutableBytes { raw in
      withPointers(entries.dropFirst()) { rest in body([raw.baseAddress!.assumingMemoryBound(to: CChar.self)] + rest) }
    }
  }
}
