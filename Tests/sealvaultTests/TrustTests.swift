import Foundation
import SealFormat
import Testing

/// CONTRACT §9: what a committer writes never becomes reading a value, running code on the
/// executor or sealing to another key; the key never reaches `run`'s command.
@Suite struct TrustTests {
  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key-value")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func theCommandGetsNoSealvaultVariableAndKeyTextIsMasked() {
    let (box, env) = vault()
    let keyEnv = env.merging([
      "SEALVAULT_PRIVATE_KEY": FixtureKey.privateKey, "SEALVAULT_KEY_COMMAND": "true", "SEALVAULT_KEYS_DIR": "/x",
      "SEALVAULT_DIR": "vault", "sealvault_other": "y",
    ]) { $1 }
    let listed = box.run(["run", "--", "sh", "-c", "env | cut -d= -f1 | grep -i sealvault; true"], env: keyEnv)
    #expect(listed.status == 0)
    #expect(listed.stdout == "")
    let body = String(FixtureKey.privateKey.dropFirst("sv1sk:".count))
    let masked = box.run(
      ["run", "--mask", "--", "sh", "-c", "cat \"$0\"; echo \"$1\"", box.path("keys/fixture.key"), body], env: env)
    #expect(!masked.stdout.contains(FixtureKey.privateKey))
    #expect(!masked.stdout.contains(String(FixtureKey.privateKey.dropFirst("sv1sk:".count))))
    #expect(masked.stdout.contains("***"))
  }

  @Test func theCommandStartsWithTheUsersCoreLimit() {
    let (box, env) = vault()
    let result = box.execute(
      "/bin/sh", ["-c", "ulimit -c 12345; exec \"$0\" run -- sh -c 'ulimit -c'", Sandbox.binary], env: env)
    #expect(result.stdout == "12345\n")
  }

  /// Another process of the same user cannot read sealvault's memory or environment while it
  /// holds keys and values: here the command `run` started tries. As root every process may,
  /// so the test drops to an unprivileged user first.
  @Test func sealvaultIsNotDumpableWhileItHoldsKeys() {
    let (box, _) = vault()
    chmod(box.root, 0o755)
    chown(box.path("keys/fixture.key"), 65534, 65534)
    let probe = #"cat /proc/$PPID/environ >/dev/null 2>&1 && echo readable || echo refused"#
    let command = [Sandbox.binary, "run", "--vault", box.path("vault"), "--key-file", box.path("keys/fixture.key")]
    let drop = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    let argv = drop + command + ["--", "sh", "-c", probe]
    let result = box.execute(argv[0], Array(argv.dropFirst()), env: ["HOME": "/nonexistent"])
    #expect(result.stdout == "refused\n", "\(result.stderr)")
  }

  @Test func startUpNamesAreRefusedUnlessAllowed() {
    let (box, env) = vault()
    let set = box.run(["set", "BASH_ENV"], stdin: "/tmp/evil.sh")
    #expect(set.status == 0)
    #expect(set.stderr.hasPrefix("warning: BASH_ENV: shells, loaders or runtimes read it when a program starts"))
    box.run(["import", "-"], stdin: "LD_PRELOAD=/tmp/evil.so\nNODE_OPTIONS=--require=/tmp/x\n")
    let run = box.run(["run", "--", "true"], env: env)
    #expect(run.status == 1)
    #expect(run.stderr.contains("vault/global.yaml:5:3: error: BASH_ENV: refused: "))
    #expect(run.stderr.contains("error: LD_PRELOAD: refused: "))
    #expect(run.stderr.contains("error: NODE_OPTIONS: refused: "))
    for format in ["dotenv", "shell"] {
      #expect(box.run(["export", "--format", format], env: env).status == 1)
    }
    #expect(box.run(["export"], env: env).status == 0)
    let allowed = ["--allow-env", "BASH_ENV", "--allow-env", "LD_PRELOAD", "--allow-env", "NODE_OPTIONS"]
    let accepted = box.run(["run"] + allowed + ["--", "sh", "-c", #"printf %s "$LD_PRELOAD""#], env: env)
    #expect(accepted.stdout == "/tmp/evil.so")
    let check = box.run(["check"])
    #expect(check.status == 0)
    #expect(check.stderr.contains("vault/global.yaml:5:3: warning: BASH_ENV: shells, loaders or runtimes"))
    #expect(StartupNames.contains(SecretName("BASH_FUNC_x")!) && StartupNames.contains(SecretName("GIT_DIR")!))
    #expect(!StartupNames.contains(SecretName("PATHS")!) && !StartupNames.contains(SecretName("MY_LD_X")!))
  }

  @Test func everyOpeningCommandNeedsTheActiveKey() throws {
    let (box, env) = vault()
    let attacker = box.run(["keygen", "--out", "attacker.key"]).stdout.trimmingCharacters(in: .newlines)
    box.write("vault/sealvault.yaml", "sealvault: 1\npublic_key: \(attacker)\n")
    let kid = PublicKey(text: Substring(attacker))!.kid
    let before = box.snapshot()
    for command in [["check", "--open"], ["render", "-"], ["export"], ["run", "--", "true"], ["rotate"]] {
      let result = box.run(command, stdin: "@{API_KEY}", env: env)
      #expect(result.status == 1, "\(command)")
      #expect(result.stdout == "")
      #expect(
        result.stderr.hasPrefix(
          "error: the vault's key \(kid) is not held here (if nobody rotated it, sealvault.yaml may have been changed to a key you do not control)"
        ), "\(command)")
    }
    #expect(box.snapshot() == before)
  }

  @Test func aRotationResumesOnlyTowardAHeldKey() throws {
    let (box, env) = vault()
    let attacker = box.run(["keygen", "--out", "attacker.key"]).stdout
    box.write("vault/.sealvault-rotation", attacker)
    let before = box.snapshot()
    for dryRun in [[], ["--dry-run"]] {
      let result = box.run(["rotate"] + dryRun, env: env)
      #expect(result.status == 1)
      #expect(result.stderr.contains("vault/.sealvault-rotation names key"))
      #expect(result.stderr.contains("rotate resumes only toward a key you hold"))
    }
    #expect(box.snapshot() == before)
    #expect(try box.values(keyFile: box.path("keys/fixture.key")) == ["API_KEY": "global-key-value"])
    let check = box.run(["check"])
    #expect(check.status == 0)
    #expect(check.stderr.contains("vault/.sealvault-rotation:1:1: warning: a rotation is in progress"))
    box.execute("/usr/bin/git", ["init", "-q"])
    box.execute("/usr/bin/git", ["add", "-f", "vault"])
    let staged = box.run(["check", "--staged"])
    #expect(staged.status == 1)
    #expect(staged.stderr.contains("vault/.sealvault-rotation:1:1: error: a rotation record is staged"))
  }

  @Test func aLowOrderPublicKeyIsRefusedAtItsLine() {
    let (box, env) = vault()
    let zero = "sv1pk:" + Data(count: 32).base64EncodedString()
    box.write("vault/sealvault.yaml", "sealvault: 1\npublic_key: \(zero)\n")
    let check = box.run(["check"])
    #expect(check.status == 1)
    #expect(
      check.stderr.hasPrefix(
        "vault/sealvault.yaml:2:13: error: public_key is a low-order point that no value can be sealed to\n"))
    let set = box.run(["set", "NEW"], stdin: "v", env: env)
    #expect(set.status == 1)
    #expect(set.stderr.split(separator: "\n").count == 1)
    #expect(PublicKey(text: Substring(zero))!.isLowOrder)
    #expect(throws: SealError.lowOrderKey) { try Sealer(recipient: PublicKey(text: Substring(zero))!) }
  }
}
