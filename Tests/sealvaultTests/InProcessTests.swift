import Foundation
import SealFormat
import Testing

@testable import sealvault

/// The CLI run in-process (arguments parsed, the command run, its stdout and stderr read
/// from files it was given), checked against the built binary on the same vault: the two
/// ways of testing the CLI agree on every byte and on the exit status.
@Suite(.serialized) struct InProcessTests {
  /// Runs `sealvault args` inside the test process.
  func execute(_ args: [String]) -> Sandbox.Output {
    let directory = FileManager.default.temporaryDirectory.path
    var paths = ["out", "err"].map { Array("\(directory)/sealvault-inprocess-\($0)-XXXXXX".utf8CString) }
    let fds = paths.indices.map { mkstemp(&paths[$0]) }
    let saved = Console.streams
    Console.streams = (fds[0], fds[1])
    let status = SealVault.execute(args)
    Console.streams = saved
    let texts = paths.indices.map { index in
      close(fds[index])
      let path = String(cString: paths[index])
      defer { unlink(path) }
      return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
    return Sandbox.Output(status: status, stdout: texts[0], stderr: texts[1])
  }

  func vault() -> Sandbox {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "a")
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "b")
    box.run(["set", "-w", "deploy", "TOKEN"], stdin: "c")
    box.write("action.json", #"{"k": "@{API_KEY}", "x": "@{GONE}"}"#)
    return box
  }

  @Test func inProcessAndBinaryAgree() {
    let box = vault()
    let vault = ["--vault", box.path("vault")]
    let commands: [[String]] = [
      ["list"] + vault, ["list", "-w", "deploy", "--json"] + vault, ["check"] + vault,
      ["refs", "-w", "deploy", box.path("action.json")] + vault, ["rename", "A", "B"],
      ["set", "a.b"] + vault, ["delete", "NOPE"] + vault, ["list", "-w", "../x"] + vault,
      ["textconv", box.path("vault/workflows/deploy.yaml")], ["no-such-command"],
    ]
    for command in commands {
      let inProcess = execute(command)
      let binary = box.run(command)
      #expect(inProcess.status == binary.status, "\(command)")
      #expect(inProcess.stdout == binary.stdout, "\(command)")
      #expect(inProcess.stderr == binary.stderr, "\(command)")
    }
    #expect(execute(["list", "-w", "deploy"] + vault).stdout.contains("TOKEN"))
    #expect(execute(["set", "a.b"] + vault).status == 2)
  }

  @Test func aBrokenVaultFailsWithItsDiagnostics() {
    let box = vault()
    box.write("vault/global.yaml", box.read("vault/global.yaml")! + "  PASTED: plaintext\n")
    let result = execute(["check", "--vault", box.path("vault")])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix(
        "\(box.path("vault/global.yaml")):5:11: error: PASTED: not a sealed token (expected sv1:<kid>:<base64>); seal values with `sealvault set`\n"
      ))
    #expect(!result.stderr.contains("plaintext"))
  }
}
