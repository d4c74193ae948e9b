import Foundation
import SealFormat
import Testing

@Suite struct SetTests {
  func vault() -> Sandbox {
    let box = Sandbox()
    box.run(["init"])
    return box
  }

  @Test func setsFromAPipeDroppingOneTrailingNewline() throws {
    let box = vault()
    let first = box.run(["set", "API_KEY"], stdin: "hunter2\n")
    #expect(first.status == 0)
    #expect(first.stderr == "created API_KEY in global, sealed to key \(box.kid)\n")
    #expect(first.stdout == "")
    #expect(box.run(["set", "CRLF"], stdin: "two lines\nend\r\n").status == 0)
    #expect(box.run(["set", "KEEP"], stdin: "x\n\n").status == 0)
    #expect(try box.values() == ["API_KEY": "hunter2", "CRLF": "two lines\nend", "KEEP": "x\n"])
    let second = box.run(["set", "API_KEY"], stdin: "hunter3")
    #expect(second.stderr == "updated API_KEY in global, sealed to key \(box.kid)\n")
    #expect(try box.values()["API_KEY"] == "hunter3")
  }

  @Test func resettingMakesANewTokenAndTheFileStaysCanonical() throws {
    let box = vault()
    box.run(["set", "B"], stdin: "same")
    box.run(["set", "A"], stdin: "same")
    let before = try #require(box.read("vault/global.yaml"))
    box.run(["set", "B"], stdin: "same")
    let after = try #require(box.read("vault/global.yaml"))
    let lines = zip(before.split(separator: "\n"), after.split(separator: "\n")).filter { $0 != $1 }
    #expect(lines.count == 1)
    #expect(lines.first?.0.hasPrefix("  B: sv1:") == true)
    #expect(after.split(separator: "\n").map { $0.prefix(4) } == ["seal", "scop", "secr", "  A:", "  B:"])
  }

  @Test func fromFileKeepsBytesAsTheyAre() throws {
    let box = vault()
    box.write("value.txt", "line1\nline2\n")
    #expect(box.run(["set", "CERT", "--from-file", "value.txt"]).status == 0)
    #expect(try box.values()["CERT"] == "line1\nline2\n")
  }

  @Test func workflowScopesGetTheirOwnFile() throws {
    let box = vault()
    #expect(
      box.run(["set", "-w", "deploy", "TOKEN"], stdin: "t").stderr
        == "created TOKEN in workflow/deploy, sealed to key \(box.kid)\n")
    #expect(
      box.read("vault/workflows/deploy.yaml")?.hasPrefix(
        "sealvault: 1\nscope: workflow/deploy\nsecrets:\n  TOKEN: sv1:") == true)
    #expect(try box.values(.workflow(WorkflowID("deploy")!)) == ["TOKEN": "t"])
  }

  @Test func aValueIsNeverTakenFromAnArgument() {
    let box = vault()
    let before = box.snapshot()
    for args in [["set", "API_KEY", "hunter2"], ["set", "API_KEY", "--value=hunter2"]] {
      let result = box.run(args, stdin: "x")
      #expect(result.status == 2)
      #expect(!result.stderr.contains("hunter2"))
      #expect(result.stderr.split(separator: "\n").count == 1)
      #expect(result.stderr.hasPrefix("error: set takes no value argument"))
    }
    #expect(box.snapshot() == before)
  }

  @Test(arguments: [
    (
      ["set", "a.b"],
      "error: invalid secret name 'a.b': a name is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$) (see `sealvault set --help`)\n"
    ),
    (
      ["set", "-w", "../x", "A"],
      "error: invalid workflow id '../x': an id is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$) (see `sealvault set --help`)\n"
    ),
    (["set"], "error: Missing expected argument '<name>' (see `sealvault set --help`)\n"),
    (
      ["set", "A", "--bogus"],
      "error: set takes no value argument (argv shows in ps and shell history); pipe the value or use --from-file (see `sealvault set --help`)\n"
    ),
    (["list", "--bogus"], "error: Unknown option '--bogus' (see `sealvault list --help`)\n"),
  ])
  func usageErrorsExitTwoWithOneLine(_ args: [String], _ expected: String) {
    let box = vault()
    let result = box.run(args, stdin: "v")
    #expect(result.status == 2)
    #expect(result.stderr == expected)
  }

  @Test func badValuesFailAndChangeNothing() {
    let box = vault()
    box.run(["set", "A"], stdin: "old")
    let before = box.snapshot()
    let cases: [(Data, String)] = [
      (Data(), "error: stdin: the value is empty\n"),
      (Data("\n".utf8), "error: stdin: the value is empty\n"),
      (Data(repeating: 0x41, count: 65537), "error: stdin: the value is over 64 KiB (65536 bytes)\n"),
      (Data([0x41, 0x00, 0x42]), "error: stdin: the value contains a NUL byte, which no environment can carry\n"),
      (Data([0x41, 0xFF]), "error: stdin: the value is not valid UTF-8\n"),
    ]
    for (input, message) in cases {
      let result = box.run(["set", "A"], input: input)
      #expect(result.status == 1)
      #expect(result.stderr == message)
    }
    #expect(box.run(["set", "A"], input: Data(repeating: 0x41, count: 65536)).status == 0)
    #expect(box.snapshot() != before)
  }

  @Test func namesAreUniqueRegardlessOfCase() {
    let box = vault()
    box.run(["set", "API_KEY"], stdin: "a")
    let before = box.snapshot()
    let clash = box.run(["set", "api_key"], stdin: "b")
    #expect(clash.status == 1)
    #expect(
      clash.stderr
        == "error: 'api_key' differs only in case from 'API_KEY' in global; names are unique regardless of case\n")
    #expect(box.snapshot() == before)
    #expect(box.run(["set", "-w", "w", "api_key"], stdin: "b").status == 0)
  }

  @Test func aMissingVaultSaysHowToInit() {
    let box = Sandbox()
    let result = box.run(["set", "A"], stdin: "v")
    #expect(result.status == 1)
    #expect(
      result.stderr == "error: no vault at vault (no sealvault.yaml); create one with `sealvault init --vault vault`\n")
    #expect(!box.exists("vault"))
  }

  @Test func setNeedsOnlyThePublicKey() throws {
    let box = vault()
    try FileManager.default.removeItem(atPath: box.path("home/.config"))
    #expect(box.run(["set", "A"], stdin: "v").status == 0)
  }

  @Test func promptsWithoutEchoOnATerminal() throws {
    let box = vault()
    let (status, shown) = try box.runInTerminal(
      ["set", "TYPED"], typed: "typed-s3cret\n", after: "Value for TYPED in global (input hidden): ")
    #expect(status == 0)
    #expect(shown.contains("Value for TYPED in global (input hidden): "))
    #expect(!shown.contains("typed-s3cret"))
    #expect(try box.values() == ["TYPED": "typed-s3cret"])
  }

  @Test func importRefusesATerminalForStdin() throws {
    let box = vault()
    let (status, shown) = try box.runInTerminal(["import", "-"])
    #expect(status == 1)
    // On a terminal, `error:` is in color (bold red); piped, it is plain (every other test).
    #expect(shown.contains("\u{1B}[1;31merror:\u{1B}[0m stdin is a terminal; pipe the dotenv file or name it"))
  }
}
