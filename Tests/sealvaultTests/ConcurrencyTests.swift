import Foundation
import SealFormat
import Testing

/// Writers serialised by the vault lock, and writes that are atomic even under SIGKILL.
@Suite struct ConcurrencyTests {
  /// Twenty `set`s started at once, each held on its stdin until all are running, then
  /// released together so their read-modify-writes overlap: every one must land.
  @Test func twentyConcurrentSetsAllLand() throws {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    var processes: [(Process, Pipe)] = []
    for index in 0..<20 {
      let input = Pipe()
      processes.append((try box.start(["set", "NAME_\(index)"], stdin: input), input))
    }
    for (index, (_, input)) in processes.enumerated() {
      try input.fileHandleForWriting.write(contentsOf: Data("value-\(index)".utf8))
    }
    for (_, input) in processes { try input.fileHandleForWriting.close() }
    for (process, _) in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    let values = try box.values(keyFile: box.path("keys/fixture.key"))
    #expect(values.count == 20)
    for index in 0..<20 { #expect(values["NAME_\(index)"] == "value-\(index)") }
    #expect(box.run(["check"]).status == 0)
  }

  /// Kills `set` with SIGKILL the moment its temp file appears, over a vault big enough that
  /// the write takes a while: the old file must be intact and the leftover must not matter.
  @Test func aWriterKilledMidWriteLeavesTheOldFile() throws {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    let dotenv = (0..<30000).map { "SECRET_\($0)=\(String(repeating: "v", count: 64))" }.joined(separator: "\n")
    box.write("big.env", dotenv)
    #expect(box.run(["import", "big.env"]).status == 0)
    let original = try Data(contentsOf: URL(fileURLWithPath: box.path("vault/global.yaml")))
    var caughtMidWrite = 0
    for _ in 0..<10 where caughtMidWrite < 3 {
      let input = Pipe()
      let process = try box.start(["set", "NEW"], stdin: input)
      try input.fileHandleForWriting.write(contentsOf: Data("new".utf8))
      try input.fileHandleForWriting.close()
      while process.isRunning {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: box.path("vault"))) ?? []
        if names.contains(where: { $0.hasPrefix(".sealvault-tmp-") }) {
          kill(process.processIdentifier, SIGKILL)
          caughtMidWrite += 1
          break
        }
      }
      process.waitUntilExit()
      let now = try Data(contentsOf: URL(fileURLWithPath: box.path("vault/global.yaml")))
      if process.terminationReason == .uncaughtSignal {
        #expect(now == original || String(decoding: now, as: UTF8.self).contains("\n  NEW: sv1:"))
      }
      #expect(box.run(["check"]).status == 0)
      if now != original {
        #expect(box.run(["delete", "NEW"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: box.path("vault/global.yaml"))) == original)
      }
    }
    #expect(caughtMidWrite > 0, "no kill landed while a temp file existed")
    #expect(box.run(["set", "AFTER"], stdin: "x").status == 0)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: box.path("vault")).filter { $0.hasPrefix(".") }
    #expect(leftovers == [])
  }
}

@Suite struct SizeLimitTests {
  /// Readers refuse files over 16 MiB, so writers never produce one.
  @Test func aWriteThatWouldPassSixteenMiBChangesNothing() {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "KEEP"], stdin: "v")
    let before = box.snapshot()
    let value = String(repeating: "v", count: 65536)
    box.write("big.env", (0..<200).map { "BIG_\($0)=\(value)" }.joined(separator: "\n"))
    let result = box.run(["import", "big.env"])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "error: vault/global.yaml would be over 16 MiB (201 secrets); nothing written: move secrets to workflow scopes\n"
    )
    #expect(box.snapshot() == before)
  }
}
