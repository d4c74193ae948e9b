import Foundation
import SealFiles
import SealFormat
import Testing

/// Real git repositories: the diff view, the merge driver and the pre-commit check.
@Suite struct GitTests {
  /// A repository holding a vault sealed to the fixture key, with sealvault on PATH (git
  /// runs the drivers from it) and a committed base: secrets A, C, E.
  func repository(setup: Bool = true) -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    let bin = URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent().path
    let env = [
      "PATH": "\(bin):/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
      "GIT_AUTHOR_EMAIL": "t@example.com",
      "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    ]
    git(box, env, "init", "-q", "-b", "main")
    if setup { #expect(box.run(["git-setup"], env: env).status == 0) }
    for name in ["A", "C", "E"] { box.run(["set", name], stdin: "value-\(name)", env: env) }
    git(box, env, "add", "-A")
    git(box, env, "commit", "-q", "-m", "base")
    return (box, env)
  }

  @discardableResult
  func git(_ box: Sandbox, _ env: [String: String], _ args: String...) -> Sandbox.Output {
    box.execute("/usr/bin/git", args, env: env)
  }

  /// Two branches off main, each changed by `change`, then `a` merged into `b`.
  func merge(_ box: Sandbox, _ env: [String: String], a: [[String]], b: [[String]]) -> Sandbox.Output {
    for (branch, commands) in [("a", a), ("b", b)] {
      git(box, env, "checkout", "-q", "-b", branch, "main")
      for command in commands { box.run(command, stdin: "new-\(branch)", env: env) }
      git(box, env, "add", "-A")
      git(box, env, "commit", "-q", "-m", branch)
    }
    return git(box, env, "merge", "a", "-m", "merge a")
  }

  @Test func gitSetupIsIdempotentAndWorksFromASubdirectory() throws {
    let (box, env) = repository()
    let attributes =
      "vault/global.yaml diff=sealvault merge=sealvault\nvault/workflows/*.yaml diff=sealvault merge=sealvault\n"
    #expect(box.read(".gitattributes") == attributes)
    try FileManager.default.createDirectory(atPath: box.path("sub/dir"), withIntermediateDirectories: true)
    let again = box.execute(Sandbox.binary, ["git-setup", "--vault", "../../vault"], env: env, in: "sub/dir")
    #expect(again.status == 0)
    #expect(
      again.stderr.hasPrefix(
        ".gitattributes already routes vault/global.yaml and vault/workflows/*.yaml to sealvault\n"))
    #expect(box.read(".gitattributes") == attributes)
    #expect(git(box, env, "config", "--local", "diff.sealvault.textconv").stdout == "sealvault textconv\n")
    #expect(git(box, env, "config", "--local", "merge.sealvault.driver").stdout == "sealvault merge-file %O %A %B %P\n")
  }

  @Test func gitSetupForAVaultAtTheRootOrElsewhere() {
    let (box, env) = repository(setup: false)
    let inside = box.execute(Sandbox.binary, ["git-setup", "--vault", "."], env: env, in: "vault")
    #expect(inside.status == 0)
    #expect(box.read(".gitattributes")?.hasPrefix("vault/global.yaml diff=sealvault merge=sealvault\n") == true)
    box.write("infra/secrets/sealvault.yaml", box.read("vault/sealvault.yaml")!)
    #expect(box.run(["git-setup", "--vault", "infra/secrets"], env: env).status == 0)
    #expect(
      box.read(".gitattributes")?.contains("infra/secrets/workflows/*.yaml diff=sealvault merge=sealvault\n") == true)
    let root = Sandbox()
    root.execute("/usr/bin/git", ["init", "-q"], env: env)
    root.write("sealvault.yaml", "x")
    #expect(root.run(["git-setup", "--vault", "."], env: env).status == 0)
    #expect(
      root.read(".gitattributes")
        == "/global.yaml diff=sealvault merge=sealvault\n/workflows/*.yaml diff=sealvault merge=sealvault\n")
  }

  @Test func gitSetupRefusesOutsideARepositoryAndWarnsWithoutPATH() {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    let outside = box.run(["git-setup"], env: ["GIT_CEILING_DIRECTORIES": box.root])
    #expect(outside.status == 1)
    #expect(
      outside.stderr
        == "error: not inside a git repository; git-setup installs the drivers in a repository's own config (run `git init` first)\n"
    )
    box.execute("/usr/bin/git", ["init", "-q"])
    let noPath = box.run(["git-setup"])
    #expect(noPath.status == 0)
    #expect(
      noPath.stderr.hasSuffix(
        "warning: sealvault is not on PATH: git runs `sealvault textconv` and `sealvault merge-file` from it\n"))
  }

  @Test func aOneSecretChangeIsAOneLineDiff() throws {
    let (box, env) = repository()
    box.run(["set", "C"], stdin: "changed", env: env)
    let diff = git(box, env, "diff", "-U0").stdout.split(separator: "\n").filter {
      $0.hasPrefix("-") || $0.hasPrefix("+")
    }
    #expect(diff.count == 4)
    #expect(diff[2].hasPrefix("-C sealed:") && diff[3].hasPrefix("+C sealed:"))
    #expect(!git(box, env, "diff").stdout.contains("sv1:"))
    let document = try Vault(directory: box.path("vault")).document(.global)
    let view = box.execute("/usr/bin/git", ["show", "HEAD:vault/global.yaml"], env: env)
    #expect(view.status == 0)
    #expect(box.run(["textconv", "vault/global.yaml"]).stdout == DiffView.text(document))
    #expect(DiffView.text(document).hasPrefix("scope: global\nA sealed:"))
    box.write("garbage.yaml", "not: [a scope file\n")
    let raw = box.run(["textconv", "garbage.yaml"])
    #expect(raw.status == 0 && raw.stdout == "not: [a scope file\n")
    #expect(box.run(["textconv", "missing.yaml"]).status == 0)
  }

  @Test func adjacentAddsMergeWithTheDriverAndConflictWithout() throws {
    for setup in [true, false] {
      let (box, env) = repository(setup: setup)
      let result = merge(box, env, a: [["set", "B1"]], b: [["set", "B2"]])
      #expect(result.status == (setup ? 0 : 1))
      if setup {
        let names = try Vault(directory: box.path("vault")).document(.global).secrets.map(\.name.text)
        #expect(names == ["A", "B1", "B2", "C", "E"])
        #expect(box.run(["check"], env: env).status == 0)
      }
    }
  }

  @Test func workflowFilesMergeByNameToo() throws {
    let (box, env) = repository()
    let result = merge(
      box, env, a: [["set", "-w", "deploy", "X"], ["set", "-w", "ci", "Y"]], b: [["set", "-w", "deploy", "W"]])
    #expect(result.status == 0)
    let names = try Vault(directory: box.path("vault")).document(.workflow(WorkflowID("deploy")!)).secrets.map(
      \.name.text)
    #expect(names == ["W", "X"])
  }

  @Test(arguments: [
    (["set", "C"], ["set", "C"], "C (changed on both sides)"),
    (["delete", "C"], ["set", "C"], "C (deleted on one side, changed on the other)"),
    (["set", "B"], ["set", "B"], "B (added on both sides)"),
    (["set", "x"], ["set", "X"], "X (differs only in case from x), x (differs only in case from X)"),
  ])
  func conflictsLeaveMarkersThatCheckRefuses(_ ours: [String], _ theirs: [String], _ names: String) {
    let (box, env) = repository()
    let result = merge(box, env, a: [theirs], b: [ours])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: conflict in vault/global.yaml: \(names)\n"))
    let text = box.read("vault/global.yaml") ?? ""
    #expect(text.contains("<<<<<<< ours\n") && text.contains("=======\n") && text.contains(">>>>>>> theirs\n"))
    let check = box.run(["check"], env: env)
    #expect(check.status == 1)
    #expect(check.stderr.contains(": error: git conflict marker: resolve the merge, then run `sealvault check`"))
    #expect(git(box, env, "commit", "-qm", "unresolved").stderr.contains("unmerged files"))
    let staged = box.run(["check", "--staged"], env: env)
    #expect(staged.stderr.hasPrefix("vault/global.yaml:1:1: error: unmerged: resolve the conflict, then git add it\n"))
    box.write(".git/hooks/pre-commit", "#!/bin/sh\nexec sealvault check --staged\n", mode: 0o755)
    #expect(git(box, env, "commit", "-qam", "markers added as they are").status != 0)
  }

  @Test func thePreCommitHookBlocksBadCommitsAndLetsAGoodOneThrough() throws {
    let (box, env) = repository()
    box.write(".git/hooks/pre-commit", "#!/bin/sh\nexec sealvault check --staged\n", mode: 0o755)
    let good = box.read("vault/global.yaml")!
    let lines = good.split(separator: "\n").map(String.init)
    let handEdited = ([lines[0], lines[1], lines[2], lines[4], lines[3], lines[5]]).joined(separator: "\n") + "\n"
    box.write("vault/global.yaml", handEdited)
    git(box, env, "add", "vault/global.yaml")
    let warned = git(box, env, "commit", "-q", "-m", "a valid hand edit")
    #expect(warned.status == 0)
    #expect(warned.stderr.contains("vault/global.yaml:4:1: warning: not in canonical form"))
    box.write("vault/global.yaml", good)
    git(box, env, "commit", "-qam", "canonical again")
    let bad: [(String, String)] = [
      (good + "  PASTED: hunter2-plaintext\n", "PASTED: not a sealed token"),
      (good.replacingOccurrences(of: "  C:", with: "  C.bad:"), "invalid secret name 'C.bad'"),
      (good + "<<<<<<< ours\n", "git conflict marker"),
    ]
    for (content, message) in bad {
      box.write("vault/global.yaml", content)
      git(box, env, "add", "vault/global.yaml")
      let commit = git(box, env, "commit", "-q", "-m", "bad")
      #expect(commit.status != 0)
      #expect(commit.stderr.contains(message))
      #expect(!commit.stderr.contains("hunter2"))
      box.write("vault/global.yaml", good)
      #expect(git(box, env, "commit", "-q", "-m", "still bad in the index").status != 0)
      git(box, env, "add", "vault/global.yaml")
    }
    box.run(["set", "NEW"], stdin: "fine", env: env)
    git(box, env, "add", "-A")
    let commit = git(box, env, "commit", "-q", "-m", "good")
    #expect(commit.status == 0)
    #expect(box.run(["fmt"], env: env).stderr == "vault: already canonical\n")
  }

  @Test func fmtRewritesHandEditsCanonically() throws {
    let (box, _) = repository()
    let good = box.read("vault/global.yaml")!
    let lines = good.split(separator: "\n").map(String.init)
    box.write(
      "vault/global.yaml",
      "sealvault: \"1\"\nscope: global\nsecrets:\n" + lines[5] + "\n" + lines[3] + "\n" + lines[4] + "\n")
    let check = box.run(["check"])
    #expect(check.status == 0)
    #expect(
      check.stderr.hasPrefix(
        "vault/global.yaml:1:1: warning: not in canonical form from this line on (a hand edit?); `sealvault fmt` rewrites it\n"
      ))
    #expect(box.run(["fmt"]).stderr == "rewrote vault/global.yaml\n")
    #expect(box.read("vault/global.yaml") == good)
  }

  /// The real pre-commit framework (PyPI `pre-commit`) runs this repository's hooks: the
  /// vault check only when vault files are staged, and the plaintext refusal on dotenv files.
  @Test func thePreCommitFrameworkRunsBothHooks() throws {
    let box = Sandbox()
    let hooks = Sandbox.tests.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent(".pre-commit-hooks.yaml")
    box.write("hooks/.pre-commit-hooks.yaml", try String(contentsOf: hooks, encoding: .utf8))
    let path =
      "\(URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent().path):"
      + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let env = [
      "PATH": path, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
      "GIT_COMMITTER_EMAIL": "t@example.com", "PRE_COMMIT_HOME": box.path("cache"),
    ]
    func git(_ args: String..., in directory: String) -> Sandbox.Output {
      box.execute("/usr/bin/git", Array(args), env: env, in: directory)
    }
    git("init", "-q", in: "hooks")
    git("add", ".", in: "hooks")
    git("commit", "-qm", "hooks", in: "hooks")
    let rev = git("rev-parse", "HEAD", in: "hooks").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    box.write("work/README.md", "no vault here\n")
    box.write(
      "work/.pre-commit-config.yaml",
      """
      repos:
        - repo: \(box.path("hooks"))
          rev: \(rev)
          hooks:
            - id: sealvault-check
            - id: sealvault-no-plaintext

      """)
    git("init", "-q", in: "work")
    git("add", ".", in: "work")
    func preCommit() -> Sandbox.Output {
      box.execute("/usr/bin/env", ["pre-commit", "run"], env: env, in: "work")
    }
    let noVault = preCommit()
    #expect(noVault.status == 0, "\(noVault.stdout)\(noVault.stderr)")
    #expect(box.execute(Sandbox.binary, ["init"], env: env, in: "work").status == 0)
    git("add", ".", in: "work")
    #expect(preCommit().status == 0)
    box.write(
      "work/vault/global.yaml",
      box.read("work/vault/global.yaml")!.replacingOccurrences(of: " {}", with: "\n  PASTED: hunter2"))
    git("add", ".", in: "work")
    let plaintext = preCommit()
    #expect(plaintext.status != 0)
    #expect(plaintext.stdout.contains("PASTED: not a sealed token"))
    #expect(!plaintext.stdout.contains("hunter2"))
    box.write("work/vault/global.yaml", "sealvault: 1\nscope: global\nsecrets: {}\n")
    box.write("work/.env", "# local\nAPI_KEY=sk-live-s3cret\nEMPTY=\n")
    box.write("work/.env.example", "API_KEY=put-yours-here\n")
    box.write("work/config/prod.env", "export TOKEN='t0ken'\n")
    git("add", ".", in: "work")
    let dotenv = preCommit()
    #expect(dotenv.status != 0)
    #expect(dotenv.stdout.contains(".env:2:1: error: API_KEY holds a value"))
    #expect(dotenv.stdout.contains("config/prod.env:1:1: error: TOKEN holds a value"))
    #expect(
      !dotenv.stdout.contains(".env.example") && !dotenv.stdout.contains("s3cret") && !dotenv.stdout.contains("t0ken"))
    box.write("work/.env", "API_KEY=\n")
    box.write("work/config/prod.env", "# moved to the vault\n")
    git("add", ".", in: "work")
    let clean = preCommit()
    #expect(clean.status == 0, "\(clean.stdout)")
  }
}
