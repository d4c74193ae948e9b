import Foundation
import SealFormat
import Testing

/// CONTRACT §5 (v2): `reseal` fixes stale tokens without a new key pair; `doctor` says what
/// this clone and machine lack.
@Suite struct MaintenanceTests {
  @Test func resealMovesStaleTokensToTheActiveKeyWithoutANewPair() throws {
    let box = Sandbox()
    box.run(["init"])
    box.run(["set", "A"], stdin: "a-value")
    let oldGlobal = box.read("vault/global.yaml")!
    #expect(box.run(["rotate"]).status == 0)
    let newKid = box.kid
    let ring = box.path("home/.config/sealvault/keys")
    let keysBefore = try FileManager.default.contentsOfDirectory(atPath: ring).sorted()
    // An old branch brings back a token sealed to the old key; and one moved to another name.
    let token = oldGlobal.split(separator: "\n")[3].split(separator: " ")[1]
    box.write("vault/global.yaml", oldGlobal + "  MOVED: \(token)\n")
    let before = box.snapshot()
    let refused = box.run(["reseal"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("MOVED: token does not open"))
    #expect(box.snapshot() == before)
    box.write("vault/global.yaml", oldGlobal)
    #expect(box.run(["check"]).stderr.contains("stale"))
    #expect(box.run(["reseal", "--dry-run"]).stderr == "would re-seal 1 stale token to the active key\n")
    #expect(box.read("vault/global.yaml") == oldGlobal)
    let resealed = box.run(["reseal"])
    #expect(resealed.status == 0)
    #expect(resealed.stderr == "re-sealed 1 stale token to the active key\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: ring).sorted() == keysBefore)
    #expect(box.kid == newKid)
    #expect(!box.run(["check"]).stderr.contains("stale"))
    #expect(try box.values(keyFile: "\(ring)/\(newKid).key") == ["A": "a-value"])
  }

  @Test func doctorReportsEachCheck() {
    let box = Sandbox()
    box.execute("/usr/bin/git", ["init", "-q"])
    box.run(["init"])
    let first = box.run(["doctor"])
    #expect(first.status == 0)
    let statuses = Dictionary(
      uniqueKeysWithValues: first.stdout.split(separator: "\n").map {
        let fields = $0.split(separator: " ", omittingEmptySubsequences: true)
        return (String(fields[1]), String(fields[0]))
      })
    #expect(
      statuses == [
        "vault": "ok", "git": "warn", "path": "warn", "key": "ok", "modes": "ok", "stale": "ok", "rotation": "ok",
      ])
    box.run(["git-setup"])
    #expect(box.run(["doctor"]).stdout.contains("ok   git       diff and merge drivers installed"))
    let withoutKey = box.run(["doctor"], env: ["SEALVAULT_KEYS_DIR": box.path("empty")])
    #expect(withoutKey.status == 0)
    #expect(withoutKey.stdout.contains("warn key"))
    chmod(box.ringKeyFile, 0o640)
    let open = box.run(["doctor", "--json"])
    #expect(open.status == 1)
    #expect(open.stdout.contains(#"{"check": "modes", "status": "fail""#))
    box.write("vault/global.yaml", "not: a scope file\n")
    #expect(box.run(["doctor"]).stdout.hasPrefix("fail vault"))
  }
}

@Suite struct LostKeyTests {
  @Test func aLostKeyIsReplacedAndEverySecretToSetAgainListed() throws {
    let box = Sandbox()
    box.run(["init"])
    box.run(["set", "A"], stdin: "a")
    box.run(["set", "-w", "deploy", "B"], stdin: "b")
    let held = box.run(["lost-key"])
    #expect(held.status == 1)
    #expect(held.stderr.contains("is held here: use `sealvault rotate`"))
    let oldKid = box.kid
    try FileManager.default.removeItem(atPath: box.ringKeyFile)
    let replaced = box.run(["lost-key"])
    #expect(replaced.status == 0)
    #expect(box.kid != oldKid)
    #expect(
      replaced.stderr.hasSuffix(
        "2 secrets sealed to a key that is not held here must be set again:\n  global  A\n  workflow/deploy  B\n"))
    #expect(box.exists("home/.config/sealvault/keys/\(box.kid).key"))
    let check = box.run(["check"])
    #expect(check.status == 0)
    #expect(check.stderr.contains("A: stale, sealed to kid \(oldKid)"))
    #expect(check.stderr.contains("B: stale, sealed to kid \(oldKid)"))
    box.run(["set", "A"], stdin: "a2")
    box.run(["set", "-w", "deploy", "B"], stdin: "b2")
    #expect(!box.run(["check"]).stderr.contains("stale"))
    #expect(try box.values() == ["A": "a2"])
  }
}
