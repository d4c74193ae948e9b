import Foundation
import SealFormat
import Testing

@Suite struct InitAndKeysTests {
  @Test func initCreatesTheVaultAndPutsTheKeyInTheRing() throws {
    let box = Sandbox()
    let result = box.run(["init"])
    #expect(result.status == 0)
    #expect(result.stdout == "")
    #expect(box.read("vault/global.yaml") == "sealvault: 1\nscope: global\nsecrets: {}\n")
    let config = try #require(box.read("vault/sealvault.yaml"))
    #expect(config.hasPrefix("sealvault: 1\npublic_key: sv1pk:"))
    let kid = try #require(URL(fileURLWithPath: box.ringKeyFile).deletingPathExtension().lastPathComponent)
    #expect(result.stderr.contains("created vault vault with key \(kid)"))
    #expect(result.stderr.contains(box.ringKeyFile))
    #expect(box.mode("home/.config/sealvault/keys/\(kid).key") == 0o600)
    #expect(box.mode("home/.config/sealvault/keys") == 0o700)
    #expect(PublicKey(text: config.split(separator: " ")[2].dropLast())?.kid.hex == kid)
  }

  @Test func initRefusesAnExistingVaultAndChangesNothing() {
    let box = Sandbox()
    box.run(["init"])
    let before = box.snapshot()
    let again = box.run(["init"])
    #expect(again.status == 1)
    #expect(
      again.stderr
        == "error: vault already holds a vault (sealvault.yaml exists); init never touches an existing vault\n")
    #expect(box.snapshot() == before)
  }

  @Test func initWritesTheKeyWhereAskedAndHonoursTheVaultOptions() {
    let box = Sandbox()
    let result = box.run(["init", "--vault", "secrets", "--key-out", "exec.key"])
    #expect(result.status == 0)
    #expect(box.exists("secrets/sealvault.yaml"))
    #expect(box.mode("exec.key") == 0o600)
    #expect(!box.exists("home/.config/sealvault"))
    #expect(box.run(["init"], env: ["SEALVAULT_DIR": "other", "SEALVAULT_KEYS_DIR": box.path("ring")]).status == 0)
    #expect(box.exists("other/global.yaml"))
    #expect(box.exists("ring"))
  }

  @Test func keygenPrintsThePublicLineAndWritesAPrivateFile() throws {
    let box = Sandbox()
    let result = box.run(["keygen", "--out", "new.key"])
    #expect(result.status == 0)
    let key = try #require(PublicKey(text: Substring(result.stdout.dropLast())))
    #expect(result.stdout.hasSuffix("\n"))
    #expect(box.mode("new.key") == 0o600)
    #expect(box.read("new.key")!.contains("# kid: \(key.kid)"))
    #expect(!result.stdout.contains("sv1sk:"))
    #expect(box.run(["keygen", "--out", "new.key"]).status == 1)
    #expect(box.run(["keygen"]).status == 2)
  }
}
