import Foundation
import SealFormat
import SealYAML
import Testing

/// The fast reader of canonical scope files against the strict reader: it takes a file
/// exactly when the strict reader accepts it as canonical (and no name needs quotes, which
/// it leaves to the strict reader), and then reads the same secrets at the same places.
@Suite struct CanonicalScopeTests {
  /// What the strict reader makes of `bytes` as `global.yaml`: read with no scope given,
  /// the path the fast reader never takes.
  static func strict(_ bytes: [UInt8]) -> ScopeDocument? {
    guard let document = try? ScopeDocument(reading: bytes, path: "global.yaml", scope: nil),
      document.scope == .global
    else { return nil }
    return document
  }

  static func agree(_ bytes: [UInt8]) -> Bool {
    let fast = CanonicalScope.entries(bytes, scope: .global)
    let strict = strict(bytes)
    let canonical = strict.map { $0.firstNonCanonicalLine == nil } ?? false
    let quoted = strict?.secrets.contains { YAMLTypes.scalar($0.name.text) != $0.name.text } ?? false
    if let fast { return canonical && fast == strict?.entriesRead }
    return !canonical || quoted
  }

  static let token = "sv1:0123456789abcdef:" + String(repeating: "A", count: 100)

  /// Every scope-file input the project keeps: the fuzz seeds and merged corpus, and the
  /// hostile corpus.
  static func keptInputs() throws -> [[UInt8]] {
    let root = TestFiles.tests.deletingLastPathComponent()
    return try ["Fuzz/seeds/FuzzScope", "Fuzz/corpus/FuzzScope", "Tests/sealvaultTests/Hostile"].flatMap { folder in
      let url = root.appendingPathComponent(folder)
      return try FileManager.default.contentsOfDirectory(atPath: url.path).map {
        Array(try Data(contentsOf: url.appendingPathComponent($0)))
      }
    }
  }

  @Test func agreesOnEveryKeptInput() throws {
    let inputs = try Self.keptInputs()
    #expect(inputs.count > 600)
    let disagreeing = inputs.filter { !Self.agree($0) }
    #expect(disagreeing.isEmpty, "\(disagreeing.map { String(decoding: $0, as: UTF8.self) }.prefix(3))")
    #expect(inputs.filter { CanonicalScope.entries($0, scope: .global) != nil }.count >= 5, "the fast path is taken")
  }

  /// A canonical file of random names, then the deletion and the doubling of each byte and
  /// three random changes of it: the fast reader takes the file, and agrees on each change.
  @Test func agreesOnEveryOneByteChange() throws {
    var random = SystemRandomNumberGenerator()
    let alphabet = Array("AZaz09_-yYnN".utf8)
    let names = (0..<5).map { _ in
      String(
        decoding: (0..<Int.random(in: 1...3, using: &random)).map { _ in alphabet.randomElement()! }, as: UTF8.self)
    }
    let lines = Set(names).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map {
      "  \(YAMLTypes.scalar($0)): \(Self.token)\n"
    }
    let file = Array(("sealvault: 1\nscope: global\nsecrets:\n" + lines.joined()).utf8)
    #expect(Self.agree(file))
    let bytes = Array(" \n:\"'-_aZ09=+/{}#".utf8) + [0x00, 0x0D, 0xC2, 0x85]
    for index in file.indices {
      var deleted = file
      deleted.remove(at: index)
      var doubled = file
      doubled.insert(file[index], at: index)
      #expect(Self.agree(deleted), "deleting byte \(index)")
      #expect(Self.agree(doubled), "doubling byte \(index)")
      for byte in bytes.filter({ $0 != file[index] }).shuffled(using: &random).prefix(3) {
        var changed = file
        changed[index] = byte
        #expect(Self.agree(changed), "byte \(index) to \(byte)")
      }
    }
  }

  @Test func takesTheFilesWritersWrite() throws {
    let empty = Array("sealvault: 1\nscope: workflow/deploy\nsecrets: {}\n".utf8)
    #expect(CanonicalScope.entries(empty, scope: .workflow(WorkflowID("deploy")!)) == [])
    #expect(CanonicalScope.entries(empty, scope: .global) == nil, "another scope's file")
    let file = Array("sealvault: 1\nscope: global\nsecrets:\n  A: \(Self.token)\n  B: \(Self.token)\n".utf8)
    #expect(
      CanonicalScope.entries(file, scope: .global)?.map(\.mark) == [Mark(line: 4, column: 3), Mark(line: 5, column: 3)])
    for refused in [
      "  B: \(Self.token)\n  A: \(Self.token)\n", "  A: \(Self.token)\n  A: \(Self.token)\n",
      "  a: \(Self.token)\n  A: \(Self.token)\n", "  SEALVAULT_X: \(Self.token)\n", "  no: \(Self.token)\n",
      "  A: \(Self.token)", "  A: \(Self.token)\n\n", "  A:  \(Self.token)\n", "  A: \(Self.token)=\n",
    ] {
      #expect(
        CanonicalScope.entries(Array(("sealvault: 1\nscope: global\nsecrets:\n" + refused).utf8), scope: .global) == nil
      )
    }
  }
}
