import Foundation
import SealFormat
import Testing

/// CONTRACT §5 (v2): the vault is found from any subdirectory, and typos draw suggestions.
@Suite struct DiscoveryTests {
  @Test func everyCommandFindsTheVaultFromASubdirectory() {
    let box = Sandbox()
    box.execute("/usr/bin/git", ["init", "-q"])
    box.run(["init"])
    box.run(["set", "X"], stdin: "v")
    box.write("src/deep/.keep", "")
    let list = box.execute(Sandbox.binary, ["list"], in: "src/deep")
    #expect(list.stdout.hasPrefix("X  global  "))
    let check = box.execute(Sandbox.binary, ["check"], in: "src/deep")
    #expect(check.stderr == "../../vault: ok, 1 scope, 1 secret\n")
    #expect(box.execute(Sandbox.binary, ["set", "Y"], input: Data("w".utf8), in: "src/deep").status == 0)
    #expect(box.execute(Sandbox.binary, ["list"], in: "vault").stdout.contains("Y  global"))
    #expect(box.execute(Sandbox.binary, ["list"], env: ["SEALVAULT_DIR": "elsewhere"], in: "src").status == 1)
    box.write("outside/.git/HEAD", "")
    #expect(box.execute(Sandbox.binary, ["list"], in: "outside").status == 1)
  }

  /// A vault committed deeper in the tree takes over below it, as the contract says; the
  /// command says so, naming the other vault, so a writer never seals to its key unawares.
  @Test func aSecondVaultOnTheWayUpIsNamed() {
    let box = Sandbox()
    box.execute("/usr/bin/git", ["init", "-q"])
    box.run(["init"])
    box.execute(Sandbox.binary, ["init", "--vault", "src/vault", "--key-out", box.path("other.key")])
    box.write("src/lib/.keep", "")
    let set = box.execute(Sandbox.binary, ["set", "X"], input: Data("v".utf8), in: "src/lib")
    #expect(
      set.stderr.hasPrefix(
        "warning: using the vault ../vault; another vault is at ../../vault (pass --vault DIR to choose)\n"))
    #expect(set.stderr.contains("sealed to key"))
    #expect(box.execute(Sandbox.binary, ["list"], in: "src/lib").stderr.hasPrefix("warning: using the vault ../vault;"))
    #expect(box.run(["list"]).stderr == "")
  }

  @Test func initWithoutVaultCreatesVaultHere() {
    let box = Sandbox()
    box.write("sub/.keep", "")
    #expect(box.execute(Sandbox.binary, ["init"], in: "sub").status == 0)
    #expect(box.exists("sub/vault/sealvault.yaml"))
  }

  @Test func aWorkflowTypoDrawsASuggestionAndStillRuns() {
    let box = Sandbox()
    box.run(["init"])
    box.run(["set", "-w", "deploy", "X"], stdin: "v")
    for typo in ["deplyo", "Deploy", "deploy2"] {
      let result = box.run(["list", "-w", typo])
      #expect(result.status == 0)
      #expect(result.stderr == "warning: workflow '\(typo)' has no secrets of its own; did you mean 'deploy'?\n")
    }
    #expect(box.run(["list", "-w", "nightly"]).stderr == "")
    #expect(box.run(["set", "-w", "deploi", "Y"], stdin: "v").stderr.hasPrefix("warning: workflow 'deploi'"))
  }

  @Test func anUnknownCommandSuggestsTheNearest() {
    let box = Sandbox()
    let typo = box.run(["lst"])
    #expect(typo.status == 2)
    #expect(typo.stderr == "error: unknown command 'lst'; did you mean 'list'? (see `sealvault --help`)\n")
    #expect(box.run(["frobnicate"]).stderr == "error: unknown command 'frobnicate' (see `sealvault --help`)\n")
    #expect(box.run(["help", "set"]).status == 0)
  }
}

@Suite struct HelpTests {
  static let commands = [
    "init", "keygen", "set", "import", "list", "delete", "rename", "check", "refs", "render", "export", "get", "run",
    "rotate", "reseal", "lost-key", "doctor", "no-plaintext", "git-setup", "textconv", "merge-file", "fmt",
  ]

  @Test(arguments: commands) func everyCommandsHelpHasAnExample(_ command: String) {
    let help = Sandbox().run([command, "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("\nExamples:\n  "), "\(command)")
  }
}
