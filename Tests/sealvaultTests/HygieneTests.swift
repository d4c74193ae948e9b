import Foundation
import Testing

/// No value and no key text in any file a command leaves (a fresh HOME and TMPDIR inside
/// the sandbox, scanned afterwards) or in anything it writes to stdout or stderr, except the
/// places that hold them by design: the key files, the dotenv and `--from-file` inputs, the
/// `--output` file, and the stdout of `get`, `render` and `export`.
@Suite struct HygieneTests {
  @Test func noValueOrKeyLeavesItsPlace() throws {
    let box = Sandbox()
    let env = ["TMPDIR": box.path("tmp")]
    try FileManager.default.createDirectory(atPath: box.path("tmp"), withIntermediateDirectories: true)
    var printed: [String] = []
    func run(_ args: [String], stdin: String? = nil, data: Bool = false) -> Sandbox.Output {
      let result = box.run(args, stdin: stdin, env: env)
      printed.append(result.stderr)
      if !data { printed.append(result.stdout) }
      return result
    }
    #expect(run(["init"]).status == 0)
    let values = (0..<6).map { "hygiene-\($0)-\(UUID().uuidString)" }
    #expect(run(["set", "PIPED"], stdin: values[0] + "\n").status == 0)
    let (status, shown) = try box.runInTerminal(
      ["set", "PROMPTED"], typed: values[1] + "\n", after: "Value for PROMPTED in global (input hidden): ", env: env)
    #expect(status == 0)
    printed.append(shown)
    box.write("value.txt", values[2])
    #expect(run(["set", "FROM_FILE", "--from-file", "value.txt"]).status == 0)
    box.write("in.env", "IMPORTED=\(values[3])\nMULTI=\"\(values[4])\nsecond line\"\n")
    #expect(run(["import", "-w", "deploy", "in.env"]).status == 0)
    #expect(run(["check", "--open"]).status == 0)
    box.write("t.txt", "@{PIPED} @{PROMPTED} @{MISSING}")
    #expect(run(["render", "t.txt", "--output", "rendered.txt"]).status == 0)
    #expect(run(["render", "t.txt"], data: true).status == 0)
    #expect(run(["export", "-w", "deploy", "--format", "dotenv"], data: true).status == 0)
    #expect(run(["get", "PIPED"], data: true).status == 0)
    #expect(run(["run", "-w", "deploy", "--", "true"]).status == 0)
    #expect(run(["run", "-w", "deploy", "--mask", "--", "sh", "-c", "printf '%s' \"$IMPORTED $PIPED\""]).status == 0)
    // Error paths: a value given as an argument, a bad dotenv line, a value that cannot be
    // a shell variable, a terminal, a moved token, a rotation.
    #expect(run(["set", "ARG", values[5]]).status == 2)
    box.write("bad.env", "GOOD=\(values[5])\nBAD LINE \(values[5])\n")
    #expect(run(["import", "bad.env"]).status == 1)
    box.write("empty.env", "A=\n")
    #expect(run(["import", "empty.env"]).status == 1)
    let (refused, terminal) = try box.runInTerminal(["get", "PIPED"], env: env)
    #expect(refused == 1)
    printed.append(terminal)
    let global = box.read("vault/global.yaml")!
    let moved = global.replacingOccurrences(of: "  PIPED: ", with: "  PIPED_MOVED: ")
    box.write("vault/global.yaml", moved)
    #expect(run(["check", "--open"]).status == 1)
    box.write("vault/global.yaml", global)
    #expect(run(["rotate"]).status == 0)
    #expect(run(["check", "--open"]).status == 0)

    let ring = box.path("home/.config/sealvault/keys")
    let keyTexts = try FileManager.default.contentsOfDirectory(atPath: ring).flatMap { name in
      let line = try String(contentsOfFile: ring + "/" + name, encoding: .utf8).split(separator: "\n")
        .first { $0.hasPrefix("sv1sk:") }!
      return [String(line), String(line.dropFirst(6))]
    }
    #expect(keyTexts.count == 4, "two keys: the first and the rotated")
    let secrets = values + keyTexts
    for (index, text) in printed.enumerated() {
      for secret in secrets { #expect(!text.contains(secret), "output \(index) holds a secret") }
    }
    let byDesign: Set<String> = ["value.txt", "in.env", "bad.env", "rendered.txt"]
    var scanned = 0
    for case let relative as String in FileManager.default.enumerator(atPath: box.root) ?? .init() {
      guard !byDesign.contains(relative), !relative.hasPrefix("home/.config/sealvault/keys/"),
        let data = FileManager.default.contents(atPath: box.path(relative))
      else { continue }
      scanned += 1
      let text = String(decoding: data, as: UTF8.self)
      for secret in secrets { #expect(!text.contains(secret), "\(relative) holds a secret") }
    }
    #expect(scanned > 3)
    #expect(try FileManager.default.contentsOfDirectory(atPath: box.path("tmp")).isEmpty, "nothing in TMPDIR")
  }

  /// gcore, as the same (non-root) user, of a running `run`: refused, since sealvault is
  /// not dumpable; the same gcore of its child (which is) succeeds, so the refusal is
  /// sealvault's own and not the machine's.
  @Test func gcoreOfARunningRunFails() throws {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "core-dump-value")
    chmod(box.root, 0o777)
    chown(box.path("keys/fixture.key"), 65534, 65534)
    let drop = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    let run = Process()
    run.executableURL = URL(fileURLWithPath: drop.first ?? Sandbox.binary)
    run.arguments =
      Array((drop + [Sandbox.binary]).dropFirst()) + [
        "run", "--vault", box.path("vault"), "--key-file", box.path("keys/fixture.key"), "--", "sleep", "20",
      ]
    run.environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"]
    try run.run()
    defer { run.terminate() }
    var child: pid_t = 0
    var sealvault: pid_t = 0
    for _ in 0..<200 where child == 0 {
      Thread.sleep(forTimeInterval: 0.02)
      let ps = box.execute("/usr/bin/pgrep", ["-x", "sleep", "-P", "\(run.processIdentifier)"])
      if let pid = pid_t(ps.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { child = pid }
      let direct = box.execute("/usr/bin/pgrep", ["-x", "sleep", "-u", "65534"])
      if child == 0, let pid = pid_t(direct.stdout.split(separator: "\n").last ?? "") { child = pid }
    }
    #expect(child != 0)
    let parent = box.execute("/usr/bin/ps", ["-o", "ppid=", "-p", "\(child)"])
    sealvault = pid_t(parent.stdout.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: .newlines)) ?? 0
    #expect(sealvault > 1 && sealvault != child)
    let gcore = drop + ["/usr/bin/gcore", "-o", box.path("core")]
    let refused = box.execute(gcore[0], Array(gcore.dropFirst()) + ["\(sealvault)"])
    let control = box.execute(gcore[0], Array(gcore.dropFirst()) + ["\(child)"])
    let cores = try FileManager.default.contentsOfDirectory(atPath: box.root).filter { $0.hasPrefix("core.") }
    #expect(cores == ["core.\(child)"], "gcore: \(refused.stderr)")
    #expect(control.status == 0)
    #expect(refused.stdout.contains("Saved corefile") == false)
  }
}
