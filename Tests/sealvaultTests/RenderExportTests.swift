import Foundation
import SealFormat
import Testing

@Suite struct RenderExportTests {
  static let hostile = #"he said "hi", \ and $(touch pwned) `touch pwned2` 'q' ${HOME}"# + "\nline2\r\n\ttab ünï ✓"

  /// A vault sealed to the fixture key with global and `deploy` secrets, key in the env.
  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key")
    box.write("hostile.txt", Self.hostile)
    box.run(["set", "HOSTILE", "--from-file", "hostile.txt"])
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "deploy-key")
    box.run(["set", "-w", "deploy", "my-token"], stdin: "tok")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func rendersWithTheWorkflowWinningAndJSONEscaping() throws {
    let (box, env) = vault()
    box.write(
      "action.json", #"{"auth": "Bearer @{API_KEY}", "h": "@{HOSTILE}", "lit": "@@{API_KEY}", "t": "@{my-token}"}"#)
    let result = box.run(["render", "-w", "deploy", "action.json"], env: env)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: String]
    #expect(object == ["auth": "Bearer deploy-key", "h": Self.hostile, "lit": "@{API_KEY}", "t": "tok"])
  }

  @Test func escapingFollowsTheExtensionUnlessGiven() {
    let (box, env) = vault()
    box.write("body.txt", "k=@{API_KEY}&h=@{HOSTILE}")
    #expect(box.run(["render", "body.txt"], env: env).stdout == "k=global-key&h=\(Self.hostile)")
    let url = box.run(["render", "--escape", "url", "body.txt"], env: env).stdout
    #expect(url.hasPrefix("k=global-key&h=he%20said%20%22hi%22%2C%20%5C%20and%20%24%28touch%20pwned%29"))
    #expect(box.run(["render", "-"], stdin: "@{API_KEY}", env: env).stdout == "global-key")
    #expect(
      box.run(["render", "--escape", "json", "-"], stdin: "\"@{HOSTILE}\"", env: env).stdout.contains(#"\"hi\""#))
  }

  @Test func unknownNamesRenderAsUNKNOWNOrFailWhenStrict() {
    let (box, env) = vault()
    box.write("t.txt", "a=@{API_KEY}\nb=@{DELETED} c=@{my-token}\n")
    let loose = box.run(["render", "t.txt"], env: env)
    #expect(loose.status == 0)
    #expect(loose.stdout == "a=global-key\nb=UNKNOWN c=UNKNOWN\n")
    #expect(
      loose.stderr == """
        t.txt:2:3: warning: @{DELETED} is not a secret of global (no -w) (rendered as UNKNOWN)
        t.txt:2:16: warning: @{my-token} is not a secret of global (no -w) (rendered as UNKNOWN)

        """)
    let strict = box.run(["render", "--strict", "-w", "deploy", "t.txt"], env: env)
    #expect(strict.status == 1)
    #expect(strict.stdout == "")
    #expect(strict.stderr == "t.txt:2:3: error: @{DELETED} is not a secret of workflow deploy\n")
  }

  @Test func opensOnlyTheReferencedSecrets() {
    let (box, env) = vault()
    let global = box.read("vault/global.yaml")!
    let hostileLine = global.split(separator: "\n").first { $0.hasPrefix("  HOSTILE:") }!
    box.write("vault/global.yaml", global.replacingOccurrences(of: hostileLine, with: hostileLine.dropLast(4) + "AAA="))
    #expect(box.run(["render", "-"], stdin: "@{API_KEY}", env: env).stdout == "global-key")
    let broken = box.run(["render", "-"], stdin: "@{HOSTILE}", env: env)
    #expect(broken.status == 1)
    #expect(
      broken.stderr
        == "vault/global.yaml:5:3: error: HOSTILE: token does not open: tampered with, or moved from another name, workflow or file (`sealvault check --open` tells which)\n"
    )
    #expect(broken.stdout == "")
  }

  @Test func aMissingKeySaysWhereItLooked() {
    let (box, _) = vault()
    let result = box.run(["render", "-"], stdin: "@{API_KEY}")
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix(
        "error: the vault's key \(FixtureKey.kid) is not held here (if nobody rotated it, sealvault.yaml may have been changed to a key you do not control); no private key for kid \(FixtureKey.kid); looked in: --key-file (not given), "
      ))
    #expect(result.stdout == "")
  }

  @Test func refusesToWriteValuesToATerminal() throws {
    let (box, _) = vault()
    let key = ["--key-file", "keys/fixture.key"]
    for args in [["render", "t.txt"], ["export"], ["export", "--format", "shell"]] {
      box.write("t.txt", "@{API_KEY}")
      let (status, shown) = try box.runInTerminal(args + key)
      #expect(status == 1)
      #expect(
        shown.contains(
          "refusing to print secret values to a terminal; redirect stdout to a file or a pipe, or pass --force"))
      #expect(!shown.contains("global-key"))
    }
    let (status, shown) = try box.runInTerminal(["render", "t.txt", "--force"] + key)
    #expect(status == 0)
    #expect(shown.contains("global-key"))
  }

  @Test func exportsJSON() throws {
    let (box, env) = vault()
    let result = box.run(["export", "-w", "deploy"], env: env)
    #expect(result.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: String]
    #expect(object == ["API_KEY": "deploy-key", "HOSTILE": Self.hostile, "my-token": "tok"])
    #expect(result.stdout.hasPrefix("{\n  \"API_KEY\": \"deploy-key\",\n"))
  }

  @Test func exportsShellThatIsSafeToEval() throws {
    let (box, env) = vault()
    let result = box.run(["export", "--format", "shell"], env: env)
    #expect(result.status == 0)
    box.write("out.sh", result.stdout)
    let script = "eval \"$(cat out.sh)\" && printf '%s' \"$HOSTILE\" > got.txt && printf '%s' \"$API_KEY\" > key.txt"
    #expect(box.execute("/bin/bash", ["-c", script]).status == 0)
    #expect(box.read("got.txt") == Self.hostile)
    #expect(box.read("key.txt") == "global-key")
    #expect(!box.exists("pwned") && !box.exists("pwned2"))
  }

  @Test func shellExportRefusesNamesThatAreNotVariables() {
    let (box, env) = vault()
    let result = box.run(["export", "-w", "deploy", "--format", "shell"], env: env)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "error: 'my-token' is not a shell variable name ([A-Za-z_][A-Za-z0-9_]*); use --format json or dotenv\n")
  }

  @Test func exportsDotenvThatPythonDotenvReadsBack() throws {
    let (box, env) = vault()
    let dollar = "cost $5 \\ $HOME \"q\"\n'x'\ttab\r\n# not a comment \\n"
    box.write("dollar.txt", dollar)
    box.run(["set", "-w", "deploy", "DOLLAR", "--from-file", "dollar.txt"])
    box.write("backslash.txt", #"C:\Program Files\dir\"#)
    box.run(["set", "-w", "deploy", "BACKSLASH", "--from-file", "backslash.txt"])
    let result = box.run(["export", "-w", "deploy", "--format", "dotenv"], env: env)
    #expect(result.status == 0)
    #expect(
      result.stderr
        == "warning: 'HOSTILE' contains ${: python-dotenv's default reading (interpolate=True) and other readers that expand variables would change it\n"
    )
    box.write("out.env", result.stdout)
    let expected = [
      "API_KEY": "deploy-key", "BACKSLASH": #"C:\Program Files\dir\"#, "DOLLAR": dollar, "HOSTILE": Self.hostile,
      "my-token": "tok",
    ]
    box.write("expected.json", String(decoding: try JSONSerialization.data(withJSONObject: expected), as: UTF8.self))
    let check = box.execute(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import json, dotenv
        expected = json.load(open("expected.json"))
        got = dotenv.dotenv_values("out.env", interpolate=False)
        assert got == expected, got
        plain = {k: v for k, v in dotenv.dotenv_values("out.env").items() if k != "HOSTILE"}
        assert plain == {k: v for k, v in expected.items() if k != "HOSTILE"}, plain
        """,
      ], env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    #expect(check.status == 0, "\(check.stderr)")
  }

  /// A value ending in a backslash that no python-dotenv form can carry is refused, naming
  /// it, rather than written so that it and the next entry are lost.
  @Test func dotenvRefusesAValueItCannotCarry() {
    let (box, env) = vault()
    box.write("multi.txt", "line one\\\nline two\\")
    box.run(["set", "-w", "deploy", "MULTI", "--from-file", "multi.txt"])
    let result = box.run(["export", "-w", "deploy", "--format", "dotenv"], env: env)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("error: 'MULTI': a value that ends with a backslash and holds a line end"))
    #expect(box.run(["export", "-w", "deploy"], env: env).status == 0)
  }

  @Test func refsListsResolutionsWithoutAKey() {
    let (box, _) = vault()
    box.write("a.json", #"{"k": "@{API_KEY}", "t": "@{my-token}"}"#)
    box.write("b.txt", "@{GONE}\n@@{API_KEY}")
    let ok = box.run(["refs", "-w", "deploy", "a.json"])
    #expect(ok.status == 0)
    #expect(ok.stdout == "a.json:1:8  API_KEY  workflow/deploy\na.json:1:27  my-token  workflow/deploy\n")
    let missing = box.run(["refs", "a.json", "b.txt"])
    #expect(missing.status == 1)
    #expect(missing.stdout == "a.json:1:8  API_KEY  global\na.json:1:27  my-token  UNKNOWN\nb.txt:1:1  GONE  UNKNOWN\n")
    #expect(
      missing.stderr == "error: 2 placeholders are UNKNOWN: not a secret of global (no -w) (deleted, or never set)\n")
    #expect(box.run(["refs"]).status == 2)
  }
}
