import Foundation
import SealFormat
import Testing

/// CONTRACT §5 and §6 (v2): every scope at a glance, machine-readable check and refs, and
/// malformed placeholders reported wherever a template is read.
@Suite struct OverviewTests {
  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "a")
    box.run(["set", "-w", "nightly", "B"], stdin: "b")
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "c")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func listAllShowsEveryScopeInOrder() {
    let (box, _) = vault()
    let kid = FixtureKey.kid
    let pad = { (scope: String) in scope + String(repeating: " ", count: 16 - scope.count) }
    #expect(
      box.run(["list", "--all"]).stdout
        == "API_KEY  \(pad("global"))  \(kid)\nAPI_KEY  \(pad("workflow/deploy"))  \(kid)\nB        workflow/nightly  \(kid)\n"
    )
    let json = box.run(["list", "--all", "--json"]).stdout
    let rows = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
    #expect(rows?.map { $0["scope"]! } == ["global", "workflow/deploy", "workflow/nightly"])
    let shadowing = box.run(["list", "-w", "deploy", "--json"]).stdout
    #expect(shadowing.contains(#"{"name": "API_KEY", "scope": "workflow/deploy", "kid": "\#(kid)", "shadows": true}"#))
    #expect(box.run(["list", "--all", "-w", "deploy"]).status == 2)
  }

  @Test func checkJSONCarriesEveryProblemAndKeepsTheExitStatus() throws {
    let (box, _) = vault()
    let ok = box.run(["check", "--json"])
    #expect(ok.status == 0)
    #expect(ok.stdout == #"{"ok": true, "scopes": 3, "secrets": 3, "problems": []}"# + "\n")
    box.write("vault/global.yaml", box.read("vault/global.yaml")! + "  \"bad name\": x\n")
    box.write("vault/workflows/nightly.yaml", "sealvault: 1\nscope: workflow/nightly\nsecrets: {}\n\n")
    let failed = box.run(["check", "--json"])
    #expect(failed.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(failed.stdout.utf8)) as? [String: Any])
    #expect(object["ok"] as? Bool == false)
    let problems = try #require(object["problems"] as? [[String: Any]])
    #expect(problems.map { $0["severity"] as! String } == ["error", "warning"])
    #expect(problems[0]["path"] as? String == "vault/global.yaml")
    #expect(problems[0]["line"] as? Int == 5 && problems[0]["column"] as? Int == 3)
    #expect((problems[1]["message"] as? String)?.hasPrefix("not in canonical form") == true)
  }

  @Test func refsReadsDirectoriesAndWritesJSON() throws {
    let (box, _) = vault()
    box.write("actions/deploy.json", #"{"k": "@{API_KEY}", "g": "@{GONE}"}"#)
    box.write("actions/sub/b.txt", "@{B} @{bad name} @{")
    box.write("actions/.git/ignored", "@{IGNORED}")
    let text = box.run(["refs", "-w", "nightly", "actions"])
    #expect(text.status == 1)
    #expect(
      text.stdout == """
        actions/deploy.json:1:8  API_KEY  global
        actions/deploy.json:1:27  GONE  UNKNOWN
        actions/sub/b.txt:1:1  B  workflow/nightly

        """)
    #expect(text.stderr.contains("actions/sub/b.txt:1:6: warning: not a placeholder (expected @{NAME}"))
    #expect(text.stderr.contains("actions/sub/b.txt:1:18: warning: not a placeholder"))
    let json = box.run(["refs", "-w", "nightly", "--json", "actions/sub"])
    #expect(json.status == 0)
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(rows.count == 1)
    #expect(rows[0]["path"] as? String == "actions/sub/b.txt" && rows[0]["origin"] as? String == "workflow/nightly")
    #expect(rows[0]["line"] as? Int == 1 && rows[0]["column"] as? Int == 1 && rows[0]["name"] as? String == "B")
    let strict = box.run(["refs", "-w", "nightly", "--strict", "actions/sub"])
    #expect(strict.status == 1)
    #expect(strict.stderr.hasSuffix("error: 2 malformed placeholders (--strict)\n"))
  }

  @Test func renderWarnsAboutMalformedPlaceholdersAndSuggestsTheCase() {
    let (box, env) = vault()
    let loose = box.run(["render", "-"], stdin: "@{api_key} @{} @@{literal}", env: env)
    #expect(loose.status == 0)
    #expect(loose.stdout == "UNKNOWN @{} @{literal}")
    #expect(
      loose.stderr == """
        stdin:1:1: warning: @{api_key} is not a secret of global (no -w); did you mean 'API_KEY'? (rendered as UNKNOWN)
        stdin:1:12: warning: \(Template.malformedMessage)

        """)
    let strict = box.run(["render", "--strict", "-"], stdin: "ok @{", env: env)
    #expect(strict.status == 1)
    #expect(strict.stdout == "")
    #expect(strict.stderr == "stdin:1:4: error: \(Template.malformedMessage)\n")
  }
}
