import Foundation
import SealFiles
import SealFormat
import Testing

@Suite struct ImportListDeleteTests {
  /// A vault sealed to the fixture key, so kids in golden output are stable.
  func vault() -> Sandbox {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    return box
  }

  @Test func importsADotenvFileInOneWrite() throws {
    let box = vault()
    box.run(["set", "EXISTING"], stdin: "old")
    box.run(["set", "KEPT"], stdin: "kept")
    box.write(
      ".env",
      """
      # comment
      export API_KEY="quoted # not a comment"
      EXISTING='single'
      MULTI="line1
      line2"
      ESCAPES="tab\\there\\n"
      EXPAND=${HOME}/x
      """)
    let result = box.run(["import", ".env"])
    #expect(result.status == 0)
    #expect(
      result.stderr == """
        .env:7:1: warning: 'EXPAND' contains ${...}, kept literally (import does not expand variables)
        imported 5 secrets into global (4 created, 1 updated), sealed to key \(FixtureKey.kid)

        """)
    let values = try box.values(keyFile: box.path("keys/fixture.key"))
    #expect(
      values == [
        "API_KEY": "quoted # not a comment", "EXISTING": "single", "MULTI": "line1\nline2",
        "ESCAPES": "tab\there\n", "EXPAND": "${HOME}/x", "KEPT": "kept",
      ])
    let tokens = try Vault(directory: box.path("vault")).document(.global).secrets.map(\.token.text)
    let ephemeralKeys = Set(tokens.map { Data(base64Encoded: String($0.split(separator: ":")[2]))!.prefix(32) })
    #expect(ephemeralKeys.count == 2)  // one for KEPT's `set`, one for the whole import
  }

  @Test func aBadEntryFailsTheWholeImport() {
    let box = vault()
    box.run(["set", "A"], stdin: "old")
    let before = box.snapshot()
    box.write(".env", "GOOD=s3cret\nBAD NAME=x\nEMPTY=\n")
    let result = box.run(["import", ".env"])
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        .env:2:5: error: unexpected text after the value (expected a comment or the end of the line)
        .env:3:7: error: 'EMPTY': the value is empty

        """)
    #expect(!result.stderr.contains("s3cret"))
    #expect(box.snapshot() == before)
    box.write(".env", "a=1\n")
    box.run(["set", "A"], stdin: "x")
    #expect(box.run(["import", ".env"]).status == 1)
  }

  @Test func importsFromStdinButNotFromATerminalOrNothing() {
    let box = vault()
    #expect(box.run(["import", "-w", "ci", "-"], stdin: "X=1\nY=2\n").status == 0)
    #expect(box.exists("vault/workflows/ci.yaml"))
    let empty = box.run(["import", "-"], stdin: "# nothing\n")
    #expect(empty.status == 1)
    #expect(empty.stderr == "stdin:1:1: error: no entries to import (expected NAME=value lines)\n")
  }

  @Test func listsNamesScopesAndKidsNeverValues() {
    let box = vault()
    box.run(["set", "API_KEY"], stdin: "global-value")
    box.run(["set", "SLACK"], stdin: "global-slack")
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "deploy-value")
    box.run(["set", "-w", "deploy", "DEPLOY_ONLY"], stdin: "d")
    let global = box.run(["list"])
    #expect(global.stdout == Sandbox.golden("list-global.txt").replacingOccurrences(of: "KID", with: FixtureKey.kid))
    let workflow = box.run(["list", "-w", "deploy"])
    #expect(
      workflow.stdout == Sandbox.golden("list-workflow.txt").replacingOccurrences(of: "KID", with: FixtureKey.kid))
    let json = box.run(["list", "-w", "deploy", "--json"])
    #expect(json.stdout == Sandbox.golden("list-workflow.json").replacingOccurrences(of: "KID", with: FixtureKey.kid))
    let parsed = try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(parsed?.count == 3)
    for output in [global, workflow, json] { #expect(!output.stdout.contains("value")) }
    #expect(box.run(["list", "-w", "nothing-here", "--json"]).stdout.contains("\"SLACK\""))
    #expect(Sandbox().run(["list"]).status == 1)
  }

  @Test func deletesAndRemovesAnEmptyWorkflowFile() {
    let box = vault()
    box.run(["set", "-w", "w", "ONLY"], stdin: "v")
    box.run(["set", "KEEP"], stdin: "v")
    let deleted = box.run(["rm", "-w", "w", "ONLY"])
    #expect(deleted.status == 0)
    #expect(deleted.stderr == "deleted ONLY from workflow/w\n")
    #expect(!box.exists("vault/workflows/w.yaml"))
    #expect(box.run(["delete", "KEEP"]).status == 0)
    #expect(box.read("vault/global.yaml") == "sealvault: 1\nscope: global\nsecrets: {}\n")
  }

  @Test func deletingAnUnknownNameFailsWithAHint() {
    let box = vault()
    box.run(["set", "API_KEY"], stdin: "v")
    let before = box.snapshot()
    let result = box.run(["delete", "api_key"])
    #expect(result.status == 1)
    #expect(result.stderr == "error: no secret 'api_key' in global (names match exact case: did you mean 'API_KEY'?)\n")
    #expect(box.run(["delete", "NOPE"]).stderr == "error: no secret 'NOPE' in global\n")
    #expect(box.run(["delete", "a/b"]).status == 2)
    #expect(box.snapshot() == before)
  }

  @Test func renameRefusesAndExplainsWhy() {
    let box = vault()
    box.run(["set", "OLD"], stdin: "v")
    let before = box.snapshot()
    for args in [["rename", "OLD", "NEW"], ["rename"], ["rename", "--vault", "vault", "OLD", "NEW"]] {
      let result = box.run(args)
      #expect(result.status == 1)
      #expect(
        result.stderr
          == "error: secrets cannot be renamed: workflows refer to a secret by its name, so renaming would break them; set the new name (sealvault set NEW) and delete the old one (sealvault delete OLD) once nothing refers to it\n"
      )
    }
    #expect(box.snapshot() == before)
  }
}
