import Foundation
import SealFormat
import Testing

/// CONTRACT §2, §4 and §5 (v2): every byte of the vault is written by whoever can commit,
/// so links, FIFOs, emptied files, case clashes and tokens sealed outside sealvault are
/// refused with a located error, nothing blocks, and a failed command changes nothing.
@Suite struct HostileVaultTests {
  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key-value")
    box.run(["set", "-w", "deploy", "TOKEN"], stdin: "deploy-token")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func vaultEntriesThatAreNotRegularFilesAreRefusedWithoutBlocking() throws {
    let (box, env) = vault()
    let fm = FileManager.default
    try fm.removeItem(atPath: box.path("vault/global.yaml"))
    try fm.createSymbolicLink(atPath: box.path("vault/global.yaml"), withDestinationPath: "/dev/stdin")
    let linked = box.run(["export"], stdin: "sealvault: 1\nscope: global\nsecrets: {}\n", env: env)
    #expect(linked.status == 1)
    #expect(
      linked.stderr
        == "vault/global.yaml:1:1: error: not a regular file (a symbolic link); vault files must be regular files\n")
    try fm.removeItem(atPath: box.path("vault/global.yaml"))
    #expect(mkfifo(box.path("vault/global.yaml"), 0o644) == 0)
    for command in [["check"], ["export"], ["set", "X"], ["run", "--", "true"]] {
      let result = box.run(command, stdin: "v", env: env)
      #expect(result.status == 1, "\(command)")
      #expect(result.stderr.contains("vault/global.yaml:1:1: error: not a regular file (a FIFO)"), "\(command)")
    }
    try fm.removeItem(atPath: box.path("vault/global.yaml"))
    try fm.createSymbolicLink(atPath: box.path("vault/global.yaml"), withDestinationPath: "workflows/deploy.yaml")
    #expect(box.run(["check"]).stderr.contains("vault/global.yaml:1:1: error: not a regular file (a symbolic link)"))
  }

  @Test func aLinkedWorkflowsDirectoryIsNeverWrittenThrough() throws {
    let (box, env) = vault()
    let fm = FileManager.default
    try fm.moveItem(atPath: box.path("vault/workflows"), toPath: box.path("elsewhere"))
    try fm.createSymbolicLink(atPath: box.path("vault/workflows"), withDestinationPath: box.path("elsewhere"))
    let set = box.run(["set", "-w", "other", "X"], stdin: "v")
    #expect(set.status == 1)
    #expect(
      set.stderr
        == "vault/workflows:1:1: error: not a directory (a symbolic link); workflows/ must be a directory\n")
    #expect(try fm.contentsOfDirectory(atPath: box.path("elsewhere")) == ["deploy.yaml"])
    #expect(box.run(["run", "-w", "deploy", "--", "true"], env: env).status == 1)
    #expect(box.run(["check"]).stderr.hasPrefix("vault/workflows:1:1: error: not a directory (a symbolic link)"))
    try fm.removeItem(atPath: box.path("vault/workflows"))
    try fm.createDirectory(atPath: box.path("vault/workflows"), withIntermediateDirectories: false)
    try fm.createSymbolicLink(atPath: box.path("vault/workflows/x.yaml"), withDestinationPath: "../global.yaml")
    let check = box.run(["check"])
    #expect(check.stderr.hasPrefix("vault/workflows/x.yaml:1:1: error: not a regular file (a symbolic link)"))
    #expect(box.run(["set", "-w", "x", "A"], stdin: "v").status == 1)
  }

  @Test func theVaultDirectoryItselfMayBeALink() throws {
    let (box, env) = vault()
    try FileManager.default.createSymbolicLink(atPath: box.path("linked"), withDestinationPath: box.path("vault"))
    #expect(box.run(["check", "--vault", "linked"]).status == 0)
    #expect(box.run(["set", "--vault", "linked", "-w", "deploy", "B"], stdin: "b").status == 0)
    let run = box.run(["run", "--vault", "linked", "-w", "deploy", "--", "sh", "-c", #"printf %s "$B""#], env: env)
    #expect(run.stdout == "b")
  }

  @Test func workflowIdsThatDifferOnlyInCaseAreRefused() {
    let (box, env) = vault()
    box.write("vault/workflows/Deploy.yaml", "sealvault: 1\nscope: workflow/Deploy\nsecrets: {}\n")
    let check = box.run(["check"])
    #expect(check.status == 1)
    #expect(
      check.stderr.hasPrefix(
        "vault/workflows/deploy.yaml:1:1: error: workflow id 'deploy' differs only in case from 'Deploy' (ids are unique regardless of case)\n"
      ))
    #expect(box.run(["run", "-w", "deploy", "--", "true"], env: env).status == 1)
    #expect(box.run(["set", "-w", "Deploy", "X"], stdin: "v").status == 1)
    #expect(box.run(["run", "-w", "other", "--", "true"], env: env).status == 0)
    let (fresh, _) = vault()
    let clash = fresh.run(["set", "-w", "DEPLOY", "X"], stdin: "v")
    #expect(clash.status == 1)
    #expect(clash.stderr.hasPrefix("error: workflow id 'DEPLOY' differs only in case from 'deploy'"))
    #expect(fresh.run(["import", "-w", "Deploy", "-"], stdin: "X=1\n").status == 1)
    #expect(!fresh.exists("vault/workflows/DEPLOY.yaml") && !fresh.exists("vault/workflows/Deploy.yaml"))
  }

  @Test func reservedNamesAreRefusedEverywhere() {
    let (box, _) = vault()
    let set = box.run(["set", "sealvault_key"], stdin: "v")
    #expect(set.status == 2)
    #expect(set.stderr.contains("name 'sealvault_key' is reserved: names beginning with SEALVAULT_ (in any case)"))
    #expect(box.run(["import", "-"], stdin: "SEALVAULT_X=1\n").status == 1)
    box.write("vault/global.yaml", box.read("vault/global.yaml")! + "  SEALVAULT_X: sv1:0123456789abcdef:AAAA\n")
    #expect(box.run(["check"]).stderr.contains("vault/global.yaml:5:3: error: name 'SEALVAULT_X' is reserved"))
  }

  /// A token a committer sealed outside sealvault (PyNaCl, §4) to bytes that are not a
  /// value is an error naming file and secret, never handed on.
  @Test(arguments: [("nul", "a\\x00b"), ("latin1", "caf\\xe9"), ("overlong", "\\xc0\\xaf")])
  func tokensThatOpenToNonValuesAreRefused(_ name: String, _ literal: String) {
    let (box, env) = vault()
    let sealed = box.execute(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import base64, hashlib, nacl.bindings as b, os, sys
        pk = base64.b64decode(sys.argv[1].split(":")[1])
        epk, esk = b.crypto_kx_keypair()
        rx, tx = b.crypto_kx_client_session_keys(epk, esk, pk)
        nonce = os.urandom(24)
        c = b.crypto_aead_xchacha20poly1305_ietf_encrypt(b"\(literal)", b"sealvault:v1:global:BAD", nonce, tx)
        kid = hashlib.blake2b(pk, digest_size=32).hexdigest()[:16]
        print("sv1:" + kid + ":" + base64.b64encode(epk + nonce + c).decode())
        """, FixtureKey.publicKey,
      ], env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    #expect(sealed.status == 0, "\(sealed.stderr)")
    box.write("vault/global.yaml", box.read("vault/global.yaml")! + "  BAD: \(sealed.stdout)")
    for command in [["check", "--open"], ["export"], ["run", "--", "true"]] {
      let result = box.run(command, env: env)
      #expect(result.status == 1, "\(name) \(command)")
      #expect(result.stdout == "")
      #expect(
        result.stderr.contains("vault/global.yaml:5:3: error: BAD: token opens to bytes that are not a value ("),
        "\(name) \(command): \(result.stderr)")
    }
  }

  @Test func mergeFileRefusesAnEmptiedSide() throws {
    let (box, _) = vault()
    let global = box.read("vault/global.yaml")!
    box.write("base", global)
    box.write("ours", global)
    box.write("empty", "")
    let emptyTheirs = box.run(["merge-file", "base", "ours", "empty", "vault/global.yaml"])
    #expect(emptyTheirs.status == 1)
    #expect(emptyTheirs.stderr.contains("theirs is empty, not a scope file"))
    #expect(box.read("ours") == global)
    box.write("theirs", global)
    let emptyOurs = box.run(["merge-file", "base", "empty", "theirs", "vault/global.yaml"])
    #expect(emptyOurs.status == 1)
    #expect(box.read("empty") == "")
    #expect(box.run(["merge-file", "empty", "ours", "theirs", "vault/global.yaml"]).status == 0)
    box.write("added", global.replacingOccurrences(of: "API_KEY", with: "ADDED"))
    #expect(box.run(["merge-file", "empty", "ours", "added", "vault/global.yaml"]).status == 0)
  }

  @Test func importErrorsNeverQuoteWhatIsNotAName() {
    let (box, _) = vault()
    let pem =
      "KEY=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC+s3cr3t/line==\nMIIEvQIBADANs3cr3tNameLike\n-----END PRIVATE KEY-----\n"
    let result = box.run(["import", "-"], stdin: pem)
    #expect(result.status == 1)
    #expect(result.stderr.contains("stdin:2:1: error: "))
    #expect(
      result.stderr.contains("stdin:3:1: error: this line has no value (expected NAME=value); its text is not shown"))
    #expect(!result.stderr.contains("MIIE") && !result.stderr.contains("s3cr3t") && !result.stderr.contains("BEGIN"))
  }

  @Test func aFailedInitLeavesNothing() throws {
    let box = Sandbox()
    box.write("taken.key", "x")
    let taken = box.run(["init", "--vault", "new/vault", "--key-out", "taken.key"])
    #expect(taken.status == 1)
    #expect(!box.exists("new"))
    let unwritable = box.run(["init", "--vault", "new/vault", "--key-out", "no/such/dir/k.key"])
    #expect(unwritable.status == 1)
    #expect(!box.exists("new"))
    box.write("vault/global.yaml", "")
    let existing = box.run(["init"], env: ["SEALVAULT_KEYS_DIR": box.path("ring2")])
    #expect(existing.status == 1)
    #expect(!box.exists("ring2"))
    #expect(!box.exists("vault/sealvault.yaml"))
  }

  @Test func aFailedRotateMakesNoKey() throws {
    let (box, env) = vault()
    box.write(
      "vault/global.yaml",
      box.read("vault/global.yaml")! + "  FOREIGN: sv1:0123456789abcdef:" + String(repeating: "A", count: 100) + "\n")
    let ring = box.path("ring")
    for _ in 0..<3 {
      let result = box.run(["rotate"], env: env.merging(["SEALVAULT_KEYS_DIR": ring]) { $1 })
      #expect(result.status == 1)
      #expect(result.stderr.contains("no private key for kid 0123456789abcdef"))
    }
    #expect(!box.exists("ring"))
    #expect(!box.exists("vault/.sealvault-rotation"))
    let lines = box.read("vault/global.yaml")!.split(separator: "\n")
    let token = lines[3].split(separator: " ")[1]
    box.write("vault/global.yaml", (lines.prefix(4) + ["  API_KEY2: \(token)"]).joined(separator: "\n") + "\n")
    let moved = box.run(["rotate"], env: env.merging(["SEALVAULT_KEYS_DIR": ring]) { $1 })
    #expect(moved.status == 1)
    #expect(moved.stderr.contains("API_KEY2: token does not open"))
    #expect(!box.exists("ring"))
    #expect(!box.exists("vault/.sealvault-rotation"))
  }

  @Test func aWriterWaitingForTheLockSaysSo() throws {
    let (box, _) = vault()
    let holder = try box.holdVaultLock(seconds: 1.6)
    let set = box.run(["set", "WAITED"], stdin: "v")
    holder.waitUntilExit()
    #expect(set.status == 0)
    #expect(set.stderr.hasPrefix("waiting for the lock on vault: another sealvault command is writing this vault\n"))
  }

  @Test func fromFileWarnsAboutAKeptTrailingNewline() {
    let (box, _) = vault()
    box.write("cert.pem", "-----BEGIN-----\nabc\n")
    let result = box.run(["set", "CERT", "--from-file", "cert.pem"])
    #expect(result.status == 0)
    #expect(
      result.stderr.hasPrefix(
        "warning: cert.pem: the value ends with a newline, which is kept (--from-file takes the bytes as they are)\n"))
  }

  @Test func aPastedValueOfSeveralLinesIsRefusedAtThePrompt() throws {
    let (box, _) = vault()
    let (status, shown) = try box.runInTerminal(
      ["set", "PASTED"], typed: "line-one\nline-two\nline-three\n", after: "Value for PASTED in global (input hidden): "
    )
    #expect(status == 1)
    #expect(shown.contains("the pasted value has several lines"))
    #expect(shown.contains("--from-file"))
    #expect(!shown.contains("line-two"))
    #expect(box.run(["list"]).stdout.contains("PASTED") == false)
  }

  /// 4,000 copies of one token, each failing where it stands: classifying them must not
  /// cost copies × names (it took 15 s before).
  @Test func checkOpenStaysLinearOnCopiedTokens() {
    let (box, env) = vault()
    let global = box.read("vault/global.yaml")!
    let token = global.split(separator: "\n")[3].split(separator: " ")[1]
    let copies = (0..<4000).map { String(format: "  C%05d: %@\n", $0, String(token)) }.joined()
    box.write("vault/global.yaml", global + copies)
    let start = Date()
    let result = box.run(["check", "--open"], env: env)
    #expect(result.status == 1)
    #expect(result.stderr.contains("C00000: moved token: it was sealed for API_KEY in global"))
    #expect(result.stderr.contains("vault/global.yaml: 3900 more problems not shown (the first 100 are)\n"))
    #expect(Date().timeIntervalSince(start) < 5 * Sandbox.sanitizerFactor)
    let json = box.run(["check", "--open", "--json"], env: env)
    #expect(json.stdout.contains("C03999: moved token: it was sealed for API_KEY in global"))
  }

  /// A key ring readers refuse is refused by the writers of keys too, before anything is
  /// written; a shared sticky directory gets no chmod advice.
  @Test func keysAreNeverWrittenToARingReadersRefuse() throws {
    let box = Sandbox()
    try FileManager.default.createDirectory(atPath: box.path("open"), withIntermediateDirectories: true)
    chmod(box.path("open"), 0o777)
    let ring = ["SEALVAULT_KEYS_DIR": box.path("open")]
    let refused = box.run(["init"], env: ring)
    #expect(refused.status == 1)
    #expect(
      refused.stderr
        == "error: key ring \(box.path("open")) is writable by group or others (mode 777), so anyone could add a key; fix it with: chmod 700 \(box.path("open"))\n"
    )
    let ringFiles = try FileManager.default.contentsOfDirectory(atPath: box.path("open"))
    #expect(!box.exists("vault") && ringFiles.isEmpty)
    let (vaultBox, env) = vault()
    try FileManager.default.createDirectory(atPath: vaultBox.path("open"), withIntermediateDirectories: true)
    chmod(vaultBox.path("open"), 0o777)
    let before = vaultBox.snapshot()
    let rotate = vaultBox.run(["rotate"], env: env.merging(["SEALVAULT_KEYS_DIR": vaultBox.path("open")]) { $1 })
    #expect(rotate.status == 1)
    #expect(vaultBox.snapshot() == before)
    chmod(vaultBox.path("open"), 0o1777)
    let shared = vaultBox.run(["check", "--open"], env: ["SEALVAULT_KEYS_DIR": vaultBox.path("open")])
    #expect(
      shared.stderr
        == "error: key ring \(vaultBox.path("open")) is a shared directory (mode 1777), so anyone could add a key; use a directory of your own (mkdir -m 700 DIR) as $SEALVAULT_KEYS_DIR\n"
    )
  }

  /// A key command that prints without end is stopped at 1 MiB, not waited for forever.
  @Test(.timeLimit(.minutes(1))) func anEndlessKeyCommandIsStopped() {
    let (box, _) = vault()
    let result = box.run(["check", "--open"], env: ["SEALVAULT_KEY_COMMAND": "yes"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: $SEALVAULT_KEY_COMMAND printed over 1 MiB (stopped)\n"))
  }

  /// The summary counts every problem, shown or not; exactly 100 are all shown.
  @Test func problemCountsAddUpWhatIsNotShown() {
    let (box, _) = vault()
    let header = "sealvault: 1\nscope: global\nsecrets:\n"
    box.write("vault/global.yaml", header + (0..<120).map { "  a.\($0): x\n" }.joined())
    box.write(
      "vault/workflows/w.yaml",
      "sealvault: 1\nscope: workflow/w\nsecrets:\n" + (0..<100).map { "  b.\($0): x\n" }.joined())
    let result = box.run(["check"])
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.last == "vault: 220 problems (3 scopes, 1 secret)")
    #expect(lines.filter { $0.hasPrefix("vault/workflows/w.yaml:") }.count == 100)
    #expect(
      lines.contains(
        "vault/global.yaml:103:3: error: 21 more from here on are not shown (at most 100 lines per file); fix the ones above first"
      ))
    let (templates, _) = vault()
    templates.write("t.txt", (0..<150).map { "@{U\($0)}\n" }.joined() + String(repeating: "@{bad name}\n", count: 150))
    let render = templates.run(["render", "t.txt", "--key-file", "keys/fixture.key"])
    #expect(render.stderr.split(separator: "\n").count == 100)
    #expect(
      render.stderr.hasSuffix(
        "t.txt:100:1: warning: 201 more from here on are not shown (at most 100 lines per file); fix the ones above first\n"
      ))
  }
}
