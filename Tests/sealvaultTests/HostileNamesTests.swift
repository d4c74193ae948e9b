import Foundation
import SealFormat
import Testing

/// What an attack on the executor commands found, each kept fixed: `--output` replaces only
/// regular files, file names cannot drive the terminal or hide a template, nothing blocks on
/// a FIFO, and doctor never advises a chmod through a link.
@Suite struct HostileNamesTests {
  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "A"], stdin: "a-value")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func outputReplacesOnlyRegularFiles() throws {
    let (box, env) = vault()
    #expect(mkfifo(box.path("fifo"), 0o644) == 0)
    try FileManager.default.createSymbolicLink(atPath: box.path("link"), withDestinationPath: box.path("target"))
    for (file, kind) in [("fifo", "(a FIFO)"), ("link", "(a symbolic link)")] {
      let result = box.run(["get", "A", "--output", file], env: env)
      #expect(result.status == 1)
      #expect(
        result.stderr
          == "error: \(file): not a regular file \(kind); --output writes (and replaces) regular files only\n")
    }
    #expect(!box.exists("target"))
    var info = stat()
    #expect(lstat(box.path("fifo"), &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
  }

  @Test func fileNamesCannotDriveTheTerminalOrHideATemplate() throws {
    let (box, _) = vault()
    box.write("t/ok\u{1B}]0;TITLE\u{07}x", "@{A} @{bad name}")
    let refs = box.run(["refs", "t"])
    #expect(refs.stdout == "t/ok\\u{1b}]0;TITLE\\u{7}x:1:1  A  global\n")
    #expect(refs.stderr.hasPrefix("t/ok\\u{1b}]0;TITLE\\u{7}x:1:6: warning: not a placeholder"))
    try FileManager.default.createSymbolicLink(atPath: box.path("tlink"), withDestinationPath: box.path("t"))
    #expect(box.run(["refs", "tlink"]).stdout.hasPrefix("tlink/ok"))
    let bad = box.path("u")
    try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
    let name = Array("u/bad".utf8) + [0xFF]
    let fd = name.withUnsafeBufferPointer { pointer -> Int32 in
      let path = Array(box.root.utf8) + [0x2F] + pointer + [0]
      return path.withUnsafeBufferPointer {
        open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
      }
    }
    #expect(fd >= 0)
    close(fd)
    let hidden = box.run(["refs", "u"])
    #expect(hidden.status == 1)
    #expect(hidden.stderr.hasPrefix("error: u: holds a file whose name is not valid UTF-8"))
  }

  @Test func noPlaintextNeverBlocksOnAFIFO() {
    let box = Sandbox()
    #expect(mkfifo(box.path(".env"), 0o644) == 0)
    let result = box.run(["no-plaintext", ".env"])
    #expect(result.status == 1)
    #expect(result.stderr == ".env:1:1: error: not a regular file (a FIFO); vault files must be regular files\n")
  }

  @Test func doctorNeverAdvisesAChmodThroughALink() throws {
    let box = Sandbox()
    box.run(["init"])
    let ring = box.path("home/.config/sealvault/keys")
    try FileManager.default.createSymbolicLink(atPath: ring + "/other.key", withDestinationPath: "/etc/passwd")
    let result = box.run(["doctor"])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains(
        "fail modes     \(ring)/other.key: private key file is a link to a file readable by group or others (mode 644); point it to a key file of mode 600, or remove it"
      ))
    #expect(!result.stdout.contains("chmod"))
  }
}
