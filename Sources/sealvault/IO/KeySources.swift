import Glibc
import SealFiles
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

  /// Fails, before anything is opened, unless a source holds the private key of the vault's
  /// active public key: tokens may all name held keys while `sealvault.yaml` names a key a
  /// committer made, to which every new value would then be sealed (CONTRACT §9).
  func requireActiveKey(of vault: Vault) throws(Failure) {
    let kid = vault.config.publicKey.kid
    guard try find(kid) == nil else { return }
    throw .failed(
      "the vault's key \(kid) is not held here (if nobody rotated it, sealvault.yaml may have been changed to a key you do not control); \(noKeyMessage(kid))"
    )
  }

  /// Every private key loaded so far, so `run --mask` can mask their text too.
  var held: [PrivateKey] { loaded.keys.sorted().flatMap { loaded[$0]!.map(\.key) } }

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

  /// The key files of the ring, once the directory itself is safe to read keys from.
  private func listRing(_ directory: String) throws(Failure) -> [String] {
    var info = stat()
    if stat(directory, &info) == 0, let problem = SecretInput.keyRingProblem(info, directory: directory) {
      throw .failed(problem)
    }
    do { return try FileReader.list(directory) ?? [] } catch { throw .file(error) }
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
