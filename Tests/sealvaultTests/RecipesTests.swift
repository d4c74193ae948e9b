import Foundation
import SealFormat
import Testing

/// README's recipes, with stand-ins for the tools this machine has not (a secret manager's
/// CLI) and the real readers where it has them (PyYAML for the Pod spec).
@Suite struct RecipesTests {
  static let readme = Sandbox.tests.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("README.md")

  @Test func aKeyFromASecretManagerCommand() throws {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "-w", "deploy", "TOKEN"], stdin: "t0ken")
    for tool in ["vault", "aws", "gcloud"] {
      box.write("bin/\(tool)", "#!/bin/sh\ncat \"\(box.path("keys/fixture.key"))\"\n", mode: 0o755)
    }
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    let commands = text.split(separator: "\n").filter { $0.hasPrefix("export SEALVAULT_KEY_COMMAND='") }.map {
      String($0.dropFirst("export SEALVAULT_KEY_COMMAND='".count).prefix { $0 != "'" })
    }
    #expect(commands.count == 3)
    for command in commands {
      let result = box.run(
        ["run", "-w", "deploy", "--", "sh", "-c", #"printf %s "$TOKEN""#],
        env: ["SEALVAULT_KEY_COMMAND": command, "PATH": box.path("bin") + ":/usr/bin:/bin"])
      #expect(result.stdout == "t0ken", "\(command): \(result.stderr)")
    }
  }

  @Test func theKubernetesPodSpecMountsTheKeyReadOnlyForItsOwner() throws {
    let box = Sandbox()
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    let start = try #require(text.range(of: "```yaml\n# in the executor's Pod spec\n"))
    let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    box.write("pod.yaml", String(text[start.upperBound..<end.lowerBound]))
    let check = box.execute(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import yaml
        spec = yaml.safe_load(open("pod.yaml"))
        secret = spec["volumes"][0]["secret"]
        assert secret == {"secretName": "sealvault-key", "defaultMode": 0o400}, secret
        container = spec["containers"][0]
        assert container["env"] == [{"name": "SEALVAULT_KEY_FILE", "value": "/keys/exec.key"}]
        assert container["volumeMounts"][0]["readOnly"] is True
        """,
      ], env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    #expect(check.status == 0, "\(check.stderr)")
  }
}
