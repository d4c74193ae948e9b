import Foundation
import SealFiles
import SealFormat

/// A throwaway directory with its own HOME, where the built `sealvault` runs as a user
/// would run it: arguments, piped stdin, stdout, stderr and the exit status.
final class Sandbox: Sendable {
  /// The binary `swift build` made next to the test bundle.
  static let binary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("sealvault").path
  }()

  static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  /// How much looser time and memory bounds are: 8 under a sanitizer (`make test-sanitize`
  /// sets SEALVAULT_TEST_SANITIZER), where every run is slower and bigger; else 1.
  static let sanitizerFactor: Double = ProcessInfo.processInfo.environment["SEALVAULT_TEST_SANITIZER"] == nil ? 1 : 8

  let root: String
  let environment: [String: String]

  struct Output {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  init() {
    signal(SIGPIPE, SIG_IGN)  // a child may exit before reading the stdin the test writes
    let template = FileManager.default.temporaryDirectory.appendingPathComponent("sealvault-test-XXXXXX").path
    var buffer = Array(template.utf8CString)
    root = String(cString: mkdtemp(&buffer)!)
    try! FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    environment = ["HOME": root + "/home", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(
      ProcessInfo.processInfo.environment.filter { ["ASAN_OPTIONS", "TSAN_OPTIONS"].contains($0.key) }
    ) { $1 }
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  /// Runs `sealvault args` in the sandbox; `stdin` nil means /dev/null.
  @discardableResult
  func run(_ args: [String], stdin: String? = nil, env extra: [String: String] = [:]) -> Output {
    run(args, input: stdin.map { Data($0.utf8) }, env: extra)
  }

  func run(_ args: [String], input: Data?, env extra: [String: String] = [:]) -> Output {
    execute(Self.binary, args, input: input, env: extra)
  }

  /// Runs any program in the sandbox (git, a shell) the way `run` runs sealvault.
  @discardableResult
  func execute(
    _ program: String, _ args: [String], input: Data? = nil, env extra: [String: String] = [:],
    in directory: String = "."
  ) -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: path(directory))
    process.environment = environment.merging(extra) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let inPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
    try! process.run()
    if let input {
      DispatchQueue.global().async {
        try? inPipe.fileHandleForWriting.write(contentsOf: input)
        try? inPipe.fileHandleForWriting.close()
      }
    }
    let group = DispatchGroup()
    nonisolated(unsafe) var stdout = Data()
    group.enter()
    DispatchQueue.global().async {
      stdout = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Starts `sealvault args` in the background (stderr discarded), for tests that signal,
  /// kill or race it; `stdin` is the pipe the test writes to, or /dev/null.
  func start(_ args: [String], env extra: [String: String] = [:], stdin: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = environment.merging(extra) { $1 }
    process.standardInput = stdin ?? FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Holds the vault's lock (an flock on `vault/`, as writers take it) in another process
  /// for `seconds`; returns once it is held.
  func holdVaultLock(seconds: Double) throws -> Process {
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    holder.arguments = [
      "-c",
      "import fcntl, os, time; fd = os.open('vault', os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(\(seconds))",
    ]
    holder.currentDirectoryURL = URL(fileURLWithPath: root)
    let held = Pipe()
    holder.standardOutput = held
    try holder.run()
    _ = held.fileHandleForReading.availableData
    return holder
  }

  /// Starts `sealvault args` in the background with stderr in a pipe the test reads.
  func startCapturingStderr(_ args: [String], env extra: [String: String] = [:]) throws -> (
    process: Process, stderr: Pipe
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = environment.merging(extra) { $1 }
    process.standardInput = FileHandle.nullDevice
    let stderr = Pipe()
    process.standardError = stderr
    try process.run()
    return (process, stderr)
  }

  /// Runs `sealvault args` with a pseudo-terminal as stdin and stdout (util-linux `script`),
  /// typing `typed` once the terminal shows `prompt`; returns the exit status and what the
  /// terminal showed.
  func runInTerminal(
    _ args: [String], typed: String = "", after prompt: String? = nil, env extra: [String: String] = [:]
  ) throws -> (status: Int32, shown: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    let command = ([Self.binary] + args).map { "'\($0)'" }.joined(separator: " ")
    process.arguments = ["-qec", command, "/dev/null"]
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = environment.merging(extra) { $1 }
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var shown = Data()
    if let prompt {
      while !String(decoding: shown, as: UTF8.self).contains(prompt) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        shown += chunk
      }
      try input.fileHandleForWriting.write(contentsOf: Data(typed.utf8))
    }
    shown += output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try input.fileHandleForWriting.close()
    return (process.terminationStatus, String(decoding: shown, as: UTF8.self))
  }

  /// A path inside the sandbox.
  func path(_ relative: String) -> String { root + "/" + relative }

  func read(_ relative: String) -> String? {
    try? String(contentsOfFile: path(relative), encoding: .utf8)
  }

  func write(_ relative: String, _ text: String, mode: Int = 0o644) {
    let url = URL(fileURLWithPath: path(relative))
    try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: url)
    chmod(url.path, mode_t(mode))
  }

  func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

  func mode(_ relative: String) -> Int {
    (try! FileManager.default.attributesOfItem(atPath: path(relative))[.posixPermissions] as! NSNumber).intValue
  }

  /// Every file under the vault with its bytes, to prove a failed command changed nothing.
  func snapshot(_ directory: String = "vault") -> [String: Data] {
    var files: [String: Data] = [:]
    let base = path(directory)
    for case let relative as String in FileManager.default.enumerator(atPath: base) ?? .init() {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files[relative] = FileManager.default.contents(atPath: base + "/" + relative)
      }
    }
    return files
  }

  /// The kid of the vault's active public key, as `set` names it.
  var kid: String {
    let config = read("vault/sealvault.yaml") ?? ""
    let line = config.split(separator: "\n").first { $0.hasPrefix("public_key: ") } ?? ""
    return PublicKey(text: line.dropFirst("public_key: ".count))?.kid.hex ?? "<no key>"
  }

  /// The key ring file `init` wrote.
  var ringKeyFile: String {
    let ring = path("home/.config/sealvault/keys")
    return ring + "/" + (try! FileManager.default.contentsOfDirectory(atPath: ring)).first { $0.hasSuffix(".key") }!
  }

  /// Opens every secret of `scope` with the library, as an in-process executor would.
  func values(_ scope: Scope = .global, keyFile: String? = nil) throws -> [String: String] {
    let text = try String(contentsOfFile: keyFile ?? ringKeyFile, encoding: .utf8)
    let line = Array(text.split(separator: "\n").first { $0.hasPrefix("sv1sk:") }!.utf8)
    let key = line.withUnsafeBytes { PrivateKey(text: $0)! }
    let document = try Vault(directory: path("vault")).document(scope)
    let opener = Opener(keys: [key])
    var values: [String: String] = [:]
    for (name, token) in document.secrets {
      let value = try opener.open(SealedSecret(token: token, scope: scope, name: name))
      values[name.text] = value.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
    return values
  }

  /// A golden file of Tests/sealvaultTests/Golden: the exact expected output.
  static func golden(_ name: String) -> String {
    (try? String(contentsOf: tests.appendingPathComponent("Golden/" + name), encoding: .utf8))
      ?? "<missing golden \(name)>"
  }
}

/// The test-only key pair of Tests/Vectors/tokens.json, for vaults with stable kids.
enum FixtureKey {
  static func vector(_ key: String) -> String {
    let url = Sandbox.tests.deletingLastPathComponent().appendingPathComponent("Vectors/tokens.json")
    let vectors = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    return vectors[key] as! String
  }

  static let publicKey = vector("public_key")
  static let privateKey = vector("private_key_test_only")
  static let kid = vector("kid")

  /// A vault sealed to the fixture key, with the private key at `keys/fixture.key`.
  static func vault(in sandbox: Sandbox) {
    sandbox.write("vault/sealvault.yaml", "sealvault: 1\npublic_key: \(publicKey)\n")
    sandbox.write("vault/global.yaml", "sealvault: 1\nscope: global\nsecrets: {}\n")
    sandbox.write("keys/fixture.key", privateKey + "\n", mode: 0o600)
  }
}
