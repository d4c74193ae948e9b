import Foundation
import SealFormat
import Testing

/// Every private key source of CONTRACT §4, each found by the token's kid.
@Suite struct KeySourceTests {
  func vault() -> Sandbox {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "A"], stdin: "a")
    box.run(["set", "-w", "w", "B"], stdin: "b")
    box.run(["keygen", "--out", "keys/other.key"])
    return box
  }

  /// Whether `check --open` opens both secrets with the fixture key found at `origin`.
  func opens(_ box: Sandbox, _ args: [String] = [], env: [String: String] = [:], from origin: String = "") -> Bool {
    let result = box.run(["check", "--open"] + args, env: env)
    return result.status == 0
      && result.stderr == "vault: ok, 2 scopes, 2 secrets, all opened: 2 with key \(FixtureKey.kid) (\(origin))\n"
  }

  @Test func keyFileOption() {
    let box = vault()
    #expect(opens(box, ["--key-file", "keys/fixture.key"], from: "--key-file keys/fixture.key"))
    #expect(!opens(box, ["--key-file", "keys/other.key"], from: "--key-file keys/other.key"))
  }

  @Test func privateKeyVariableHoldsSeveralKeys() {
    let box = vault()
    let other = box.read("keys/other.key")!
    let both = other + "\n# the vault's key\n" + FixtureKey.privateKey
    #expect(opens(box, env: ["SEALVAULT_PRIVATE_KEY": both], from: "$SEALVAULT_PRIVATE_KEY"))
    #expect(!opens(box, env: ["SEALVAULT_PRIVATE_KEY": other], from: "$SEALVAULT_PRIVATE_KEY"))
    let garbage = box.run(["check", "--open"], env: ["SEALVAULT_PRIVATE_KEY": "# c\nsv1sk:nope\n"])
    #expect(
      garbage.stderr
        == "error: $SEALVAULT_PRIVATE_KEY: line 2 is not a private key (expected sv1sk:<base64 of 32 bytes>)\n")
  }

  @Test func keyFileVariable() {
    let box = vault()
    #expect(opens(box, env: ["SEALVAULT_KEY_FILE": "keys/fixture.key"], from: "$SEALVAULT_KEY_FILE keys/fixture.key"))
  }

  @Test func keyCommandRunsOnceAndOnlyWhenNeeded() {
    let box = vault()
    let command = "echo ran >> runs.log; cat keys/fixture.key"
    #expect(opens(box, env: ["SEALVAULT_KEY_COMMAND": command], from: "$SEALVAULT_KEY_COMMAND"))
    #expect(box.read("runs.log") == "ran\n")
    #expect(
      opens(
        box, ["--key-file", "keys/fixture.key"], env: ["SEALVAULT_KEY_COMMAND": command],
        from: "--key-file keys/fixture.key"))
    #expect(box.read("runs.log") == "ran\n")
    let failing = box.run(["check", "--open"], env: ["SEALVAULT_KEY_COMMAND": "exit 3"])
    #expect(failing.stderr == "error: $SEALVAULT_KEY_COMMAND failed: exit status 3\n")
  }

  @Test func keyRingDirectories() throws {
    let box = vault()
    try FileManager.default.createDirectory(atPath: box.path("ring"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: box.path("keys/fixture.key"), toPath: box.path("ring/\(FixtureKey.kid).key"))
    let file = "\(FixtureKey.kid).key"
    #expect(opens(box, env: ["SEALVAULT_KEYS_DIR": box.path("ring")], from: "key ring \(box.path("ring"))/\(file)"))
    try FileManager.default.createDirectory(atPath: box.path("xdg/sealvault"), withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: box.path("ring"), toPath: box.path("xdg/sealvault/keys"))
    #expect(
      opens(box, env: ["XDG_CONFIG_HOME": box.path("xdg")], from: "key ring \(box.path("xdg/sealvault/keys"))/\(file)"))
    try FileManager.default.createDirectory(atPath: box.path("home/.config"), withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: box.path("xdg/sealvault"), toPath: box.path("home/.config/sealvault"))
    #expect(opens(box, from: "key ring \(box.path("home/.config/sealvault/keys"))/\(file)"))
    chmod(box.path("home/.config/sealvault/keys/\(FixtureKey.kid).key"), 0o640)
    #expect(
      box.run(["check", "--open"]).stderr.contains("readable by group or others (mode 640); fix it with: chmod 600"))
  }
}
