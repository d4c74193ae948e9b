import Foundation
import Testing

/// Faults under every writer: the disk filling at each write or fsync in turn, a read-only
/// file system, and SIGKILL at random moments (FaultInjection.c is preloaded for the first
/// two). After a fault: every file byte-identical (or, for `rotate` and `reseal`, which write
/// a file per scope, old or new files that `check --open` accepts and a second run finishes),
/// no temp file left, a one-line
/// error. After a kill: old or new files, a vault `check --open` accepts.
@Suite struct FaultTests {
  struct Writer: CustomTestStringConvertible, Sendable {
    let name: String
    let args: [String]
    var stdin: String? = nil
    var writes = true
    var setup: @Sendable (Sandbox) throws -> Void = { _ in }
    var testDescription: String { name }
  }

  static let shim: String = {
    let debug = URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent()
    return debug.appendingPathComponent("libFaultInjection.so").path
  }()

  static let writers: [Writer] = [
    Writer(name: "set", args: ["set", "NEW"], stdin: "new-value"),
    Writer(name: "import", args: ["import", "in.env"]) { $0.write("in.env", "A=1\nB=two\n") },
    Writer(name: "delete", args: ["delete", "API_KEY"]),
    // Removes workflows/deploy.yaml: no write to fail, only the read-only file system.
    Writer(name: "delete the last secret of a workflow", args: ["delete", "-w", "deploy", "TOKEN"], writes: false),
    Writer(name: "rotate", args: ["rotate"]),
    Writer(name: "reseal", args: ["reseal"]) { box in
      try FileManager.default.createDirectory(atPath: box.path(ring), withIntermediateDirectories: true)
      let pair = box.run(["keygen", "--out", ring + "/new.key"])
      box.write("vault/sealvault.yaml", "sealvault: 1\npublic_key: \(pair.stdout)")
    },
    Writer(name: "merge-file", args: ["merge-file", "base.yaml", "ours.yaml", "theirs.yaml", "vault/global.yaml"]) {
      let global = $0.read("vault/global.yaml")!
      let token = global.split(separator: " ").last!
      $0.write("base.yaml", global)
      $0.write("ours.yaml", global)
      $0.write("theirs.yaml", global + "  OTHER: \(token)")
    },
    Writer(name: "fmt", args: ["fmt"]) {
      $0.write("vault/global.yaml", $0.read("vault/global.yaml")!.replacingOccurrences(of: "\n", with: "\r\n"))
    },
    Writer(name: "init", args: ["init", "--vault", "fresh"]),
  ]

  static func vault(_ writer: Writer) throws -> Sandbox {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key-value")
    box.run(["set", "-w", "deploy", "TOKEN"], stdin: "deploy-token")
    try writer.setup(box)
    return box
  }

  static let ring = "home/.config/sealvault/keys"
  static let keys = ["SEALVAULT_KEY_FILE": "keys/fixture.key"]

  /// Every file and directory under the sandbox, with its bytes.
  static func snapshot(_ box: Sandbox) -> [String: Data?] {
    var entries: [String: Data?] = [:]
    for case let relative as String in FileManager.default.enumerator(atPath: box.root) ?? .init() {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: box.path(relative), isDirectory: &isDirectory)
      entries[relative] = isDirectory.boolValue ? .some(nil) : FileManager.default.contents(atPath: box.path(relative))
    }
    return entries
  }

  static func restore(_ box: Sandbox, to entries: [String: Data?]) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: box.root) {
      try FileManager.default.removeItem(atPath: box.path(name))
    }
    for (relative, data) in entries.sorted(by: { $0.key < $1.key }) {
      if let data {
        FileManager.default.createFile(
          atPath: box.path(relative), contents: data, attributes: [.posixPermissions: 0o600])
      } else {
        try FileManager.default.createDirectory(atPath: box.path(relative), withIntermediateDirectories: true)
      }
    }
  }

  /// The disk fills at the 1st, 2nd, 3rd ... write or fsync to a file, until the command
  /// gets through.
  @Test(arguments: writers)
  func diskFullAtEveryWriteChangesNothing(_ writer: Writer) throws {
    let box = try Self.vault(writer)
    let before = Self.snapshot(box)
    var failures = 0
    for n in 1...60 {
      let env = Self.keys.merging(["LD_PRELOAD": Self.shim, "SEALVAULT_TEST_FAIL_WRITE": "\(n)"]) { $1 }
      let result = box.run(writer.args, stdin: writer.stdin, env: env)
      if result.status == 0 { break }
      failures += 1
      #expect(result.status == 1, "write \(n): \(result.stderr)")
      #expect(result.stderr.hasSuffix("No space left on device\n"), "write \(n): \(result.stderr)")
      #expect(!result.stderr.contains(".sealvault-tmp"), "write \(n) names a temp file: \(result.stderr)")
      let after = Self.snapshot(box)
      if after != before {
        // Only rotate and reseal, which write one file per scope, may stop between files:
        // every token still opens, and running the command again finishes the job.
        #expect(["rotate", "reseal"].contains(writer.name), "write \(n) changed the files")
        #expect(box.run(["check", "--open"], env: Self.keys).status == 0, "write \(n)")
        #expect(box.run([writer.args[0]], env: Self.keys).status == 0, "write \(n)")
        #expect(!box.exists("vault/.sealvault-rotation"), "write \(n)")
      }
      #expect(!after.keys.contains { $0.contains(".sealvault-tmp") }, "write \(n) left a temp file")
      try Self.restore(box, to: before)
    }
    #expect((failures > 0) == writer.writes, "\(writer.name): \(failures) failed runs")
    #expect(failures < 60, "\(writer.name) never got through")
  }

  /// A read-only file system: refused in one line naming the vault's file, nothing changed.
  @Test(arguments: writers)
  func aReadOnlyVaultChangesNothing(_ writer: Writer) throws {
    let box = try Self.vault(writer)
    let before = Self.snapshot(box)
    let env = Self.keys.merging(["LD_PRELOAD": Self.shim, "SEALVAULT_TEST_READ_ONLY": "1"]) { $1 }
    let result = box.run(writer.args, stdin: writer.stdin, env: env)
    #expect(result.status == 1)
    #expect(result.stderr.hasSuffix("Read-only file system\n"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(!result.stderr.contains(".sealvault-"), "names a temp file: \(result.stderr)")
    #expect(Self.snapshot(box) == before)
  }

  /// kill -9 thirty times at random moments of each writer: every file is its old or its
  /// new version and the vault passes `check --open` (a killed rotation resumes).
  @Test(arguments: writers)
  func sigkillLeavesOldOrNewFiles(_ writer: Writer) throws {
    let box = try Self.vault(writer)
    let before = Self.snapshot(box)
    let start = Date()
    box.run(writer.args, stdin: writer.stdin, env: Self.keys)
    let duration = Date().timeIntervalSince(start)
    try Self.restore(box, to: before)
    var finished = 0
    var leftovers = 0
    for round in 0..<30 {
      let input = Pipe()
      let process = try box.start(writer.args, env: Self.keys, stdin: input)
      try input.fileHandleForWriting.write(contentsOf: Data((writer.stdin ?? "").utf8))
      try input.fileHandleForWriting.close()
      Thread.sleep(forTimeInterval: Double.random(in: 0...duration))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .exit { finished += 1 }
      if writer.name == "init" {
        // sealvault.yaml is written last: with it, the vault is whole; without it, init
        // refuses the leftovers in one line, naming one (it never touches a vault's files),
        // and runs once they are removed.
        if !box.exists("fresh/sealvault.yaml") && box.exists("fresh") {
          let again = box.run(writer.args)
          #expect(again.status == 0 || again.stderr.hasPrefix("error: fresh already holds a vault ("), "round \(round)")
          try FileManager.default.removeItem(atPath: box.path("fresh"))
        }
        if !box.exists("fresh/sealvault.yaml") {
          #expect(box.run(writer.args).status == 0, "round \(round): init does not run again")
        }
        let check = box.run(["check", "--open", "--vault", "fresh"])
        #expect(check.status == 0, "round \(round): \(check.stderr)")
      } else {
        let check = box.run(["check", "--open"], env: Self.keys)
        #expect(check.status == 0, "round \(round): \(check.stderr)")
      }
      if writer.name == "rotate", box.exists("vault/.sealvault-rotation") {
        #expect(box.run(["rotate"], env: Self.keys).status == 0, "round \(round): the rotation does not resume")
      }
      // A killed writer may leave its temp file: a dotfile that check and git ignore, and
      // that the next writer removes.
      if Self.snapshot(box).keys.contains(where: { $0.contains(".sealvault-tmp") }) {
        leftovers += 1
        box.run(["set", "AFTER"], stdin: "x", env: Self.keys)
        #expect(!Self.snapshot(box).keys.contains { $0.contains("vault/.sealvault-tmp") }, "round \(round)")
      }
      try Self.restore(box, to: before)
    }
    print(
      "fault | \(writer.name) | SIGKILL | \(30 - finished) of 30 killed before the end, \(leftovers) temp files left")
  }

  /// The lock's holder killed while a writer waits: the kernel drops the lock at once and
  /// the writer goes on (no stale lock file to remove by hand).
  @Test func aKilledLockHolderFreesTheLockAtOnce() throws {
    let box = try Self.vault(Self.writers[0])
    let holder = try box.holdVaultLock(seconds: 60)
    let start = Date()
    let waiter = try box.start(
      ["set", "WAITED"], env: Self.keys,
      stdin: {
        let input = Pipe()
        try input.fileHandleForWriting.write(contentsOf: Data("v".utf8))
        try input.fileHandleForWriting.close()
        return input
      }())
    Thread.sleep(forTimeInterval: 1.3)
    #expect(waiter.isRunning, "the writer did not wait for the lock")
    kill(holder.processIdentifier, SIGKILL)
    waiter.waitUntilExit()
    holder.waitUntilExit()
    #expect(waiter.terminationStatus == 0)
    #expect(Date().timeIntervalSince(start) < 5 * Sandbox.sanitizerFactor)
    #expect(box.run(["list"]).stdout.contains("WAITED"))
    #expect(!Self.snapshot(box).keys.contains { $0.hasPrefix("vault/.") })
  }
}
