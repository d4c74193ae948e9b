import Foundation
import SealFormat
import Testing

/// The hostile-vault corpus: files (Tests/sealvaultTests/Hostile/) and file-system entries
/// a committer could put in a vault, each with the exact first line `check` prints, its exit
/// status, and a bound on its CPU time and peak memory (docs/SECURITY.md has the table).
@Suite struct HostileCorpusTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    /// `{root}` stands for the sandbox directory.
    let firstLine: String
    var status: Int32 = 1
    var command = ["check"]
    /// CPU seconds and peak MiB allowed (debug build; the input itself may need more).
    var seconds = 2.0
    var mebibytes = 64.0
    var setup: @Sendable (Sandbox) throws -> Void = { _ in }
    var testDescription: String { name }
  }

  static func file(_ name: String, _ firstLine: String, status: Int32 = 1) -> Case {
    Case(name: name, firstLine: firstLine, status: status) { box in
      let data = try Data(contentsOf: Sandbox.tests.appendingPathComponent("Hostile/\(name).yaml"))
      try data.write(to: URL(fileURLWithPath: box.path("vault/global.yaml")))
    }
  }

  static func generated(
    _ name: String, _ firstLine: String, seconds: Double, mebibytes: Double, _ text: @escaping @Sendable () -> String
  ) -> Case {
    Case(name: name, firstLine: firstLine, seconds: seconds, mebibytes: mebibytes) { box in
      box.write("vault/global.yaml", text())
    }
  }

  static let header = "sealvault: 1\nscope: global\nsecrets:\n"
  static let notCanonical =
    "vault/global.yaml:1:1: warning: not in canonical form from this line on (a hand edit?); `sealvault fmt` rewrites it"
  static let notSealed = "not a sealed token (expected sv1:<kid>:<base64>); seal values with `sealvault set`"

  static let files: [Case] = [
    file("nul", "vault/global.yaml:4:7: error: control characters are not allowed"),
    file("invalid-utf8", "vault/global.yaml:4:4: error: invalid leading UTF-8 octet"),
    file("overlong-utf8", "vault/global.yaml:4:4: error: invalid length of a UTF-8 sequence"),
    file(
      "utf16", "vault/global.yaml:1:1: error: the file is UTF-16 or UTF-32; vault files are UTF-8 (save it as UTF-8)"),
    file(
      "utf16-no-bom",
      "vault/global.yaml:1:1: error: the file is UTF-16 or UTF-32; vault files are UTF-8 (save it as UTF-8)"),
    file("bom", notCanonical, status: 0),
    file("crlf", notCanonical, status: 0),
    file(
      "bom-then-conflict-marker",
      "vault/global.yaml:1:1: error: git conflict marker: resolve the merge, then run `sealvault check`"),
    file(
      "bom-in-the-middle",
      "vault/global.yaml:4:1: error: U+FEFF (a byte order mark, allowed only at the start) is read differently by YAML 1.1, YAML 1.2, git and editors; not allowed"
    ),
    file("directive", notCanonical, status: 0),
    file("quoted-version", notCanonical, status: 0),
    file(
      "tab-indent",
      "vault/global.yaml:4:1: error: while scanning for the next token found character that cannot start any token"),
    file(
      "u2028-in-name",
      "vault/global.yaml:4:4: error: U+2028 (line separator) is read differently by YAML 1.1, YAML 1.2, git and editors; not allowed"
    ),
    file(
      "u0085-in-comment",
      "vault/global.yaml:4:7: error: U+0085 (next line) is read differently by YAML 1.1, YAML 1.2, git and editors; not allowed"
    ),
    file("merge-key", "vault/global.yaml:4:7: error: a mapping where text belongs"),
    file("tag", "vault/global.yaml:4:6: error: tags are not allowed"),
    file("local-tag", "vault/global.yaml:4:6: error: tags are not allowed"),
    file("alias", "vault/global.yaml:4:6: error: anchors and aliases are not allowed"),
    file("billion-laughs", "vault/global.yaml:1:4: error: anchors and aliases are not allowed"),
    file("multiple-documents", "vault/global.yaml:4:1: error: more than one document"),
    file(
      "conflict-markers",
      "vault/global.yaml:4:1: error: git conflict marker: resolve the merge, then run `sealvault check`"),
    file("conflict-in-block-scalar", "vault/global.yaml:4:6: error: A: \(notSealed)"),
    file(
      "case-clash",
      "vault/global.yaml:5:3: error: name 'api_key' differs only in case from 'API_KEY' at 4:3 (names are unique regardless of case)"
    ),
    file(
      "reserved-name",
      "vault/global.yaml:4:3: error: name 'SEALVAULT_KEY_FILE' is reserved: names beginning with SEALVAULT_ (in any case) are sealvault's own variables"
    ),
    file(
      "name-too-long",
      "vault/global.yaml:4:3: error: invalid secret name '\(String(repeating: "A", count: 129))': a name is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)"
    ),
    file("plaintext-value", "vault/global.yaml:4:6: error: A: \(notSealed)"),
    file(
      "token-wrong-length",
      "vault/global.yaml:4:6: error: A: token has the wrong length for a sealed value of 1 byte to 64 KiB"),
    file(
      "token-non-ascii", "vault/global.yaml:4:6: error: A: token is not valid base64 (standard alphabet, with padding)"),
    file("flow-sequence-value", "vault/global.yaml:4:6: error: a sequence where text belongs"),
    file("version-2", "vault/global.yaml:1:12: error: unsupported format version '2' (this sealvault reads version 1)"),
    file(
      "wrong-scope",
      "vault/global.yaml:2:8: error: scope 'workflow/deploy' does not match the file's path (expected 'global')"),
    file("unknown-key", "vault/global.yaml:4:1: error: unknown key 'extra' (allowed: sealvault, scope, secrets)"),
    file("empty", "vault/global.yaml:1:1: error: the file is empty"),
    file("only-comment", "vault/global.yaml:2:1: error: the file is empty"),
  ]

  static let large: [Case] = [
    generated(
      "nested-flow-100000", "vault/global.yaml:3:11: error: a sequence where text belongs", seconds: 2, mebibytes: 64
    ) {
      "sealvault: 1\nscope: global\nsecrets: " + String(repeating: "[", count: 100_000) + "\n"
    },
    generated("line-of-10-MiB", "vault/global.yaml:4:6: error: A: \(notSealed)", seconds: 5, mebibytes: 96) {
      header + "  A: " + String(repeating: "x", count: 10 << 20) + "\n"
    },
    // 12 MiB of keys: the node tree is about 8 times the file (docs/SECURITY.md).
    generated("million-tiny-keys", "vault/global.yaml:4:7: error: k0: \(notSealed)", seconds: 30, mebibytes: 160) {
      header + (0..<1_000_000).map { "  k\($0): x\n" }.joined()
    },
    generated(
      "200000-invalid-names",
      "vault/global.yaml:4:3: error: invalid secret name 'a.0': a name is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)",
      seconds: 10, mebibytes: 64
    ) {
      header + (0..<200_000).map { "  a.\($0): x\n" }.joined()
    },
  ]

  static func entry(
    _ name: String, _ firstLine: String, status: Int32 = 1, command: [String] = ["check"],
    _ setup: @escaping @Sendable (Sandbox) throws -> Void
  ) -> Case {
    Case(name: name, firstLine: firstLine, status: status, command: command, setup: setup)
  }

  static let open = ["check", "--open", "--key-file", "keys/fixture.key"]
  static let ring = "home/.config/sealvault/keys"

  /// Entries that are not regular files, and modes and owners of files and key rings.
  static let entries: [Case] = [
    entry(
      "global.yaml a link",
      "vault/global.yaml:1:1: error: not a regular file (a symbolic link); vault files must be regular files"
    ) {
      try FileManager.default.moveItem(atPath: $0.path("vault/global.yaml"), toPath: $0.path("elsewhere.yaml"))
      try FileManager.default.createSymbolicLink(
        atPath: $0.path("vault/global.yaml"), withDestinationPath: "../elsewhere.yaml")
    },
    entry(
      "global.yaml a FIFO",
      "vault/global.yaml:1:1: error: not a regular file (a FIFO); vault files must be regular files"
    ) {
      try FileManager.default.removeItem(atPath: $0.path("vault/global.yaml"))
      #expect(mkfifo($0.path("vault/global.yaml"), 0o644) == 0)
    },
    entry(
      "global.yaml a socket",
      "vault/global.yaml:1:1: error: not a regular file (a socket); vault files must be regular files"
    ) {
      try FileManager.default.removeItem(atPath: $0.path("vault/global.yaml"))
      try bindSocket($0.path("vault/global.yaml"))
    },
    entry(
      "global.yaml a device",
      "vault/global.yaml:1:1: error: not a regular file (a device); vault files must be regular files"
    ) {
      try FileManager.default.removeItem(atPath: $0.path("vault/global.yaml"))
      // /dev/null's numbers (1, 3); mknod needs root, as CI runs: elsewhere the entry is a link to it.
      if mknod($0.path("vault/global.yaml"), S_IFCHR | 0o644, dev_t((1 << 8) | 3)) != 0 {
        try FileManager.default.createSymbolicLink(
          atPath: $0.path("vault/global.yaml"), withDestinationPath: "/dev/null")
      }
    },
    entry(
      "workflows/ a link",
      "vault/workflows:1:1: error: not a directory (a symbolic link); workflows/ must be a directory"
    ) {
      try FileManager.default.createDirectory(atPath: $0.path("other"), withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(atPath: $0.path("vault/workflows"), withDestinationPath: "../other")
    },
    entry(
      "a workflow file a FIFO",
      "vault/workflows/deploy.yaml:1:1: error: not a regular file (a FIFO); vault files must be regular files"
    ) {
      try FileManager.default.createDirectory(atPath: $0.path("vault/workflows"), withIntermediateDirectories: true)
      #expect(mkfifo($0.path("vault/workflows/deploy.yaml"), 0o644) == 0)
    },
    entry(
      "sealvault.yaml missing",
      "error: no vault at vault (no sealvault.yaml); create one with `sealvault init --vault vault`"
    ) {
      try FileManager.default.removeItem(atPath: $0.path("vault/sealvault.yaml"))
    },
    // A committer can write every vault file anyway: a mode that lets others write one adds nothing.
    entry("world-writable vault files", "vault: ok, 1 scope, 0 secrets", status: 0) {
      #expect(chmod($0.path("vault/global.yaml"), 0o666) == 0 && chmod($0.path("vault"), 0o777) == 0)
    },
    entry(
      "key file writable by others",
      "error: keys/fixture.key: private key file is writable by group or others (mode 602); fix it with: chmod 600 keys/fixture.key",
      command: open
    ) {
      #expect(chmod($0.path("keys/fixture.key"), 0o602) == 0)
    },
    entry(
      "key file of another user",
      "error: keys/fixture.key: private key file is owned by uid 65534, not by you (uid \(geteuid())) or root; use a key file of your own",
      command: open
    ) {
      #expect(chown($0.path("keys/fixture.key"), 65534, 65534) == 0)
    },
    entry(
      "world-writable key ring",
      "error: key ring {root}/\(ring) is writable by group or others (mode 777), so anyone could add a key; fix it with: chmod 700 {root}/\(ring)",
      command: ["check", "--open"]
    ) {
      try FileManager.default.createDirectory(atPath: $0.path(ring), withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: $0.path("keys/fixture.key"), toPath: $0.path(ring + "/\(FixtureKey.kid).key"))
      #expect(chmod($0.path(ring), 0o777) == 0)
    },
  ]

  /// Output stays bounded when a template holds millions of problems (10 MiB of `@{X} `).
  static let templates: [Case] = [
    Case(
      name: "2000000-unknown-placeholders",
      firstLine: "t.txt:1:1: warning: @{X} is not a secret of global (no -w) (rendered as UNKNOWN)", status: 0,
      command: ["render", "--key-file", "keys/fixture.key", "t.txt"], seconds: 20, mebibytes: 320
    ) { $0.write("t.txt", String(repeating: "@{X} ", count: 2_000_000)) },
    Case(
      name: "2000000-malformed-placeholders",
      firstLine: "t.txt:1:1: warning: \(Template.malformedMessage)", status: 0,
      command: ["refs", "t.txt"], seconds: 10, mebibytes: 160
    ) { $0.write("t.txt", String(repeating: "@{ } ", count: 2_000_000)) },
  ]

  static func bindSocket(_ path: String) throws {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(bound == 0)
  }

  @Test(arguments: files + large + entries + templates)
  func firstLineTimeAndMemory(_ item: Case) throws {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    try item.setup(box)
    let run = box.measured(item.command)
    let lines = run.output.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    // The figures of docs/SECURITY.md's table: swift test --filter HostileCorpus | grep '^hostile'
    print(String(format: "hostile | %@ | %.2f s | %.1f MiB", item.name, run.seconds, run.mebibytes))
    #expect(lines.first.map(String.init) == item.firstLine.replacingOccurrences(of: "{root}", with: box.root))
    #expect(run.output.status == item.status)
    #expect(lines.count <= Diagnostics.shownPerFile + 3, "at most 100 lines per file and a summary")
    #expect(run.seconds < item.seconds * Sandbox.sanitizerFactor, "\(run.seconds) s of CPU")
    #expect(run.mebibytes < item.mebibytes * Sandbox.sanitizerFactor, "\(run.mebibytes) MiB peak")
  }

}
