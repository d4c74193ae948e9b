import Foundation
import SealFormat
import Testing

@Suite struct CheckTests {
  func vault() -> Sandbox {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "a")
    box.run(["set", "OTHER"], stdin: "o")
    box.run(["set", "-w", "deploy", "TOKEN"], stdin: "t")
    return box
  }

  @Test func aValidVaultPasses() {
    let box = vault()
    box.write("vault/README.md", "not a scope file, ignored\n")
    box.write("vault/workflows/.sealvault-tmp-123", "a writer's leftover")
    let result = box.run(["check"])
    #expect(result.status == 0)
    #expect(result.stderr == "vault: ok, 2 scopes, 3 secrets\n")
    #expect(result.stdout == "")
  }

  @Test func reportsEveryProblemOfEveryFile() {
    let box = vault()
    let global = box.read("vault/global.yaml")!
    box.write(
      "vault/global.yaml",
      global.replacingOccurrences(of: "  OTHER: sv1:", with: "  other.name: sv1:") + "  API_key: plaintext-s3cret\n")
    box.write("vault/workflows/Bad Name.yaml", "x")
    box.write("vault/workflows/notes.txt", "x")
    box.write("vault/workflows/w.yaml", "sealvault: 1\nscope: workflow/other\nsecrets: {}\n")
    let result = box.run(["check"])
    #expect(result.status == 1)
    #expect(!result.stderr.contains("s3cret"))
    #expect(
      result.stderr == """
        vault/workflows/Bad Name.yaml:1:1: error: not a workflow scope file: expected workflows/<id>.yaml, where an id is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)
        vault/workflows/notes.txt:1:1: error: not a workflow scope file: expected workflows/<id>.yaml, where an id is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)
        vault/global.yaml:5:3: error: invalid secret name 'other.name': a name is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)
        vault/global.yaml:6:3: error: name 'API_key' differs only in case from 'API_KEY' at 4:3 (names are unique regardless of case)
        vault/workflows/w.yaml:2:8: error: scope 'workflow/other' does not match the file's path (expected 'workflow/w')
        vault: 5 problems (3 scopes, 1 secret)

        """)
  }

  @Test func openOpensEveryTokenWithoutPrintingValues() {
    let box = vault()
    let result = box.run(["check", "--open", "--key-file", "keys/fixture.key"])
    #expect(result.status == 0)
    #expect(
      result.stderr
        == "vault: ok, 2 scopes, 3 secrets, all opened: 3 with key \(FixtureKey.kid) (--key-file keys/fixture.key)\n")
    #expect(result.stdout == "")
  }

  @Test func aMovedTokenFailsNamingFileAndSecret() {
    let box = vault()
    let global = box.read("vault/global.yaml")!
    let lines = global.split(separator: "\n", omittingEmptySubsequences: false)
    let apiToken = lines[3].split(separator: " ")[1]
    let otherToken = lines[4].split(separator: " ")[1]
    box.write("vault/global.yaml", global.replacingOccurrences(of: String(otherToken), with: String(apiToken)))
    let deploy = box.read("vault/workflows/deploy.yaml")!
    let moved = deploy.replacingOccurrences(of: "TOKEN: ", with: "MOVED: ")
    box.write("vault/workflows/deploy.yaml", moved)
    #expect(box.run(["check"]).status == 0)
    let result = box.run(["check", "--open", "--key-file", "keys/fixture.key"])
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        vault/global.yaml:5:3: error: OTHER: moved token: it was sealed for API_KEY in global, not for this place; set OTHER here again
        vault/workflows/deploy.yaml:4:3: error: MOVED: tampered token: it fails authentication (altered, or sealed for a name or scope this vault no longer has)
        vault: 2 problems (2 scopes, 3 secrets)

        """)
  }

  @Test func aMissingKeyListsEveryPlaceLookedIn() {
    let box = vault()
    let ring = box.path("home/.config/sealvault/keys")
    let result = box.run(["check", "--open"])
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        error: the vault's key \(FixtureKey.kid) is not held here (if nobody rotated it, sealvault.yaml may have been changed to a key you do not control); no private key for kid \(FixtureKey.kid); looked in: --key-file (not given), $SEALVAULT_PRIVATE_KEY (not set), $SEALVAULT_KEY_FILE (not set), $SEALVAULT_KEY_COMMAND (not set), key ring \(ring) (0 keys)

        """)
    let missingFile = box.run(["check", "--open"], env: ["SEALVAULT_KEY_FILE": "nowhere.key"])
    #expect(missingFile.stderr == "error: nowhere.key: cannot open: No such file or directory\n")
  }

  @Test func aKeyFileOthersCanReadIsRefusedWithTheFix() {
    let box = vault()
    chmod(box.path("keys/fixture.key"), 0o644)
    let result = box.run(["check", "--open", "--key-file", "keys/fixture.key"])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "error: keys/fixture.key: private key file is readable by group or others (mode 644); fix it with: chmod 600 keys/fixture.key\n"
    )
  }

  @Test func conflictMarkersAreRefused() {
    let box = vault()
    box.write("vault/global.yaml", box.read("vault/global.yaml")! + "<<<<<<< HEAD\n")
    let result = box.run(["check"])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix(
        "vault/global.yaml:6:1: error: git conflict marker: resolve the merge, then run `sealvault check`\n"))
  }

  @Test func theExampleVaultOpensWithItsTestOnlyKey() throws {
    let box = Sandbox()
    box.write("demo.key", FixtureKey.privateKey + "\n", mode: 0o600)
    let example = Sandbox.tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("vault")
      .path
    let result = box.run(["check", "--open", "--vault", example, "--key-file", "demo.key"])
    #expect(result.status == 0)
    #expect(
      result.stderr
        == "\(example): ok, 3 scopes, 5 secrets, all opened: 5 with key \(FixtureKey.kid) (--key-file demo.key)\n")
    let list = box.run(["list", "-w", "deploy", "--vault", example])
    #expect(list.stdout.contains("API_KEY        workflow/deploy  \(FixtureKey.kid)  shadows global"))
  }
}
