import SealFormat
import Testing

@Suite struct MergeTests {
  static func token(_ tag: String) -> Token {
    let body = (tag + String(repeating: "A", count: 100)).prefix(100)
    return try! Token(text: Substring("sv1:0123456789abcdef:" + body))
  }

  func scope(_ secrets: [String: String]) -> ScopeDocument {
    var document = ScopeDocument(scope: .global)
    for (name, tag) in secrets { document.set(SecretName(name)!, Self.token(tag)) }
    return document
  }

  func merge(_ base: [String: String], _ ours: [String: String], _ theirs: [String: String]) -> ScopeMerge.Result {
    ScopeMerge.merge(base: scope(base), ours: scope(ours), theirs: scope(theirs))
  }

  @Test func changesToDifferentSecretsAlwaysMerge() throws {
    let result = merge(
      ["A": "a", "B": "b", "C": "c"], ["A": "a2", "B": "b", "C": "c", "D": "d"], ["A": "a", "C": "c3"])
    #expect(result.conflicts == [])
    let merged = try ScopeDocument(reading: result.bytes, path: "m", scope: .global)
    #expect(merged.secrets.map(\.name.text) == ["A", "C", "D"])
    #expect(merged[SecretName("A")!] == Self.token("a2"))
    #expect(merged[SecretName("C")!] == Self.token("c3"))
    #expect(merged.firstNonCanonicalLine == nil)
  }

  @Test func identicalChangesOnBothSidesMerge() {
    #expect(merge(["A": "a"], ["A": "x"], ["A": "x"]).conflicts == [])
    #expect(merge(["A": "a"], [:], [:]).conflicts == [])
  }

  @Test func conflictsAreNamedAndMarked() {
    let result = merge(["A": "a", "C": "c"], ["A": "a1", "B": "b1"], ["A": "a2", "B": "b2", "C": "c2"])
    #expect(
      result.conflicts.map(\.description) == [
        "A (changed on both sides)", "B (added on both sides)", "C (deleted on one side, changed on the other)",
      ])
    let text = String(decoding: result.bytes, as: UTF8.self)
    let a1 = Self.token("a1").text
    let a2 = Self.token("a2").text
    let c2 = Self.token("c2").text
    #expect(
      text.hasPrefix(
        "sealvault: 1\nscope: global\nsecrets:\n<<<<<<< ours\n  A: \(a1)\n=======\n  A: \(a2)\n>>>>>>> theirs\n"))
    #expect(text.hasSuffix("<<<<<<< ours\n=======\n  C: \(c2)\n>>>>>>> theirs\n"))
    #expect(throws: Diagnostics.self) { try ScopeDocument(reading: result.bytes, path: "m", scope: .global) }
  }

  @Test func namesThatDifferOnlyInCaseConflict() {
    let clash = merge(["X": "x"], ["X": "x", "api_key": "a"], ["X": "x", "API_KEY": "b"])
    #expect(
      clash.conflicts.map(\.description) == [
        "API_KEY (differs only in case from api_key)", "api_key (differs only in case from API_KEY)",
      ])
    let text = String(decoding: clash.bytes, as: UTF8.self)
    #expect(text.contains("<<<<<<< ours\n=======\n  API_KEY: \(Self.token("b").text)\n>>>>>>> theirs\n"))
  }

  @Test func theDiffViewShowsNamesAndFingerprintsOnly() {
    let document = scope(["B": "b", "A": "a"])
    let text = DiffView.text(document)
    #expect(
      text
        == "scope: global\nA sealed:\(DiffView.fingerprint(Self.token("a")))\nB sealed:\(DiffView.fingerprint(Self.token("b")))\n"
    )
    #expect(DiffView.fingerprint(Self.token("a")).count == 8)
    #expect(DiffView.fingerprint(Self.token("a")) != DiffView.fingerprint(Self.token("b")))
  }
}
