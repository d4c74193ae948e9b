import Foundation
import SealFiles
import SealFormat
import Testing

@Suite struct RotateTests {
  /// A vault made by `init` (key in the sandbox's ring) with global and three workflows.
  func vault(workflowSecrets: Int = 2) -> (Sandbox, [Scope: [String: String]]) {
    let box = Sandbox()
    box.run(["init"])
    var expected: [Scope: [String: String]] = [.global: [:]]
    for name in ["API_KEY", "SLACK"] {
      box.run(["set", name], stdin: "global-\(name)")
      expected[.global]![name] = "global-\(name)"
    }
    for id in ["deploy", "nightly", "ci"] {
      let scope = Scope.workflow(WorkflowID(id)!)
      let dotenv = (0..<workflowSecrets).map { "S\($0)=\(id)-value-\($0)" }.joined(separator: "\n")
      box.run(["import", "-w", id, "-"], stdin: dotenv)
      expected[scope] = Dictionary(uniqueKeysWithValues: (0..<workflowSecrets).map { ("S\($0)", "\(id)-value-\($0)") })
    }
    return (box, expected)
  }

  var ring: String { "home/.config/sealvault/keys" }

  func ringKeys(_ box: Sandbox) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: box.path(ring))) ?? []).filter { $0.hasSuffix(".key") }
      .sorted()
  }

  /// Every private key of the ring, as an executor would hold them in one variable.
  func allKeysText(_ box: Sandbox) -> String {
    ringKeys(box).compactMap { box.read("\(ring)/\($0)") }.joined(separator: "\n")
  }

  func activeKid(_ box: Sandbox) throws -> String {
    try Vault(directory: box.path("vault")).config.publicKey.kid.hex
  }

  @Test func rotatesEveryScopeAndKeepsEveryValue() throws {
    let (box, expected) = vault()
    let oldKid = try activeKid(box)
    let oldKey = box.read("\(ring)/\(oldKid).key")!
    let result = box.run(["rotate"])
    #expect(result.status == 0)
    let newKid = try activeKid(box)
    #expect(newKid != oldKid)
    #expect(ringKeys(box) == ["\(newKid).key", "\(oldKid).key"].sorted())
    #expect(box.mode("\(ring)/\(newKid).key") == 0o600)
    #expect(
      result.stderr.hasPrefix(
        "rotating to new key \(newKid); private key written to \(box.path(ring))/\(newKid).key\nre-sealed 2 secrets in vault/global.yaml\n"
      ))
    let vault = try Vault(directory: box.path("vault"))
    for scope in try vault.scopes() {
      #expect(try vault.document(scope).secrets.allSatisfy { $0.token.kid.hex == newKid })
      #expect(try box.values(scope, keyFile: box.path("\(ring)/\(newKid).key")) == expected[scope])
    }
    #expect(!box.exists("vault/.sealvault-rotation"))
    let check = box.run(["check", "--open"])
    #expect(
      check.stderr
        == "vault: ok, 4 scopes, 8 secrets, all opened: 8 with key \(newKid) (key ring \(box.path(ring))/\(newKid).key)\n"
    )
    try FileManager.default.removeItem(atPath: box.path(ring))
    let oldOnly = box.run(["check", "--open"], env: ["SEALVAULT_PRIVATE_KEY": oldKey])
    #expect(oldOnly.status == 1)
    #expect(oldOnly.stderr.contains("no private key for kid \(newKid)"))
  }

  @Test func dryRunChangesNothing() throws {
    let (box, _) = vault()
    let before = box.snapshot()
    let keys = ringKeys(box)
    let result = box.run(["rotate", "--dry-run"])
    #expect(result.status == 0)
    #expect(
      result.stderr == """
        would make a new key pair and write its private key to \(box.path(ring))/<new kid>.key
        would re-seal 2 secrets in vault/global.yaml
        would re-seal 2 secrets in vault/workflows/ci.yaml
        would re-seal 2 secrets in vault/workflows/deploy.yaml
        would re-seal 2 secrets in vault/workflows/nightly.yaml
        would then set the key in vault/sealvault.yaml (every token opens; nothing changed)

        """)
    #expect(box.snapshot() == before)
    #expect(ringKeys(box) == keys)
    #expect(box.run(["rotate", "--dry-run"], env: ["SEALVAULT_KEYS_DIR": box.path("empty")]).status == 1)
  }

  @Test func keyOutAndStaleTokensAfterAMergeOfAnOldBranch() throws {
    let (box, _) = vault()
    let oldKid = try activeKid(box)
    let oldConfig = box.read("vault/sealvault.yaml")!
    #expect(box.run(["rotate", "--key-out", "new.key"]).status == 0)
    #expect(box.mode("new.key") == 0o600)
    let newKid = try activeKid(box)
    let newConfig = box.read("vault/sealvault.yaml")!
    box.write("vault/sealvault.yaml", oldConfig)  // a branch made before the rotation
    box.run(["set", "FROM_OLD_BRANCH"], stdin: "v")
    box.run(["set", "-w", "ci", "ALSO_OLD"], stdin: "v")
    box.write("vault/sealvault.yaml", newConfig)
    let check = box.run(["check"])
    #expect(check.status == 0)
    #expect(
      check.stderr == """
        vault/global.yaml:5:3: warning: FROM_OLD_BRANCH: stale, sealed to kid \(oldKid), not the active key \(newKid) (`sealvault reseal` re-seals; if that key was lost, set them again)
        vault/workflows/ci.yaml:4:3: warning: ALSO_OLD: stale, sealed to kid \(oldKid), not the active key \(newKid) (`sealvault reseal` re-seals; if that key was lost, set them again)
        vault: ok, 4 scopes, 10 secrets (2 stale)

        """)
    let opened = box.run(["check", "--open", "--key-file", "new.key"])
    let byKid = [
      newKid: "8 with key \(newKid) (--key-file new.key)",
      oldKid: "2 with key \(oldKid) (key ring \(box.path(ring))/\(oldKid).key)",
    ]
    let summary = byKid.keys.sorted().map { byKid[$0]! }.joined(separator: ", ")
    #expect(opened.stderr.hasSuffix("vault: ok, 4 scopes, 10 secrets (2 stale), all opened: \(summary)\n"))
  }

  @Test func checkTellsUnknownTamperedAndMovedApart() {
    let (box, _) = vault()
    let global = box.read("vault/global.yaml")!
    let lines = global.split(separator: "\n").map(String.init)
    let apiToken = lines[3].split(separator: " ")[1]
    var body = String(apiToken.dropLast(4)) + "AAA="
    let tampered = lines[3].replacingOccurrences(of: apiToken, with: body)
    body = String(apiToken)
    let moved = "  MOVED: \(body)"
    let foreign = "  Z_FOREIGN: sv1:0123456789abcdef:" + String(repeating: "A", count: 100)
    box.write(
      "vault/global.yaml",
      ([lines[0], lines[1], lines[2], tampered, moved, lines[4], foreign]).joined(separator: "\n") + "\n")
    let result = box.run(["check", "--open"])
    #expect(result.status == 1)
    let errors = result.stderr.split(separator: "\n").map(String.init)
    #expect(
      errors.contains {
        $0.hasPrefix("vault/global.yaml:7:3: error: Z_FOREIGN: no private key for kid 0123456789abcdef; looked in:")
      })
    #expect(
      errors.contains(
        "vault/global.yaml:4:3: error: API_KEY: tampered token: it fails authentication (altered, or sealed for a name or scope this vault no longer has)"
      ))
    #expect(
      errors.contains(
        "vault/global.yaml:5:3: error: MOVED: moved token: it was sealed for API_KEY in global, not for this place; set MOVED here again"
      ))
  }

  /// kill -9 at random moments, then rerun, until a run completes: at every step every
  /// token opens with a ring key, and an executor holding the old and new keys sees every
  /// value unchanged.
  @Test func aKilledRotationResumesAndEveryTokenAlwaysOpens() throws {
    let (box, expected) = vault(workflowSecrets: 400)
    let oldKid = try activeKid(box)
    var runs = 0
    var killed = 0
    var interrupted = 0
    var delay = 0.0
    while true {
      runs += 1
      let process = try box.start(["rotate"])
      if runs == 1 {
        // The first kill lands inside the rotation for sure: as soon as its record exists.
        let record = box.path("vault/.sealvault-rotation")
        while process.isRunning && access(record, F_OK) != 0 {}
      } else {
        Thread.sleep(forTimeInterval: delay)
      }
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .exit {
        #expect(process.terminationStatus == 0)
        break
      }
      killed += 1
      if box.exists("vault/.sealvault-rotation") { interrupted += 1 }
      delay += Double.random(in: 0.001...0.008) * Sandbox.sanitizerFactor
      let check = box.run(["check", "--open"])
      #expect(check.status == 0, "after kill \(killed): \(check.stderr)")
      let executor = ["SEALVAULT_PRIVATE_KEY": allKeysText(box), "SEALVAULT_KEYS_DIR": box.path("nowhere")]
      let exported = box.run(["export", "-w", "deploy"], env: executor)
      #expect(exported.status == 0)
      let values = try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: String]
      #expect(values == expected[.global]!.merging(expected[.workflow(WorkflowID("deploy")!)]!) { $1 })
      #expect(runs < 200)
    }
    #expect(interrupted > 0, "no kill landed inside a rotation (\(killed) kills)")
    let newKid = try activeKid(box)
    #expect(newKid != oldKid)
    let vault = try Vault(directory: box.path("vault"))
    for scope in try vault.scopes() {
      #expect(try vault.document(scope).secrets.allSatisfy { $0.token.kid.hex == newKid })
      #expect(try box.values(scope, keyFile: box.path("\(ring)/\(newKid).key")) == expected[scope])
    }
    #expect(!box.exists("vault/.sealvault-rotation"))
    #expect(box.run(["rotate"]).status == 0)
    #expect(try activeKid(box) != newKid)
  }
}
