import SealFormat
import Testing

@Suite struct NameTests {
  @Test(arguments: ["A", "api_key", "a-b", "0", "_", "-", String(repeating: "N", count: 128)])
  func acceptsTheRule(_ text: String) {
    #expect(SecretName(text)?.text == text)
    #expect(WorkflowID(text)?.text == text)
  }

  @Test(arguments: ["", "a b", "a.b", "a/b", "..", "é", "a\n", "tab\t", String(repeating: "N", count: 129)])
  func refusesEverythingElse(_ text: String) {
    #expect(SecretName(text) == nil)
    #expect(WorkflowID(text) == nil)
  }

  @Test func foldsCaseAndSortsByBytes() {
    #expect(SecretName("API_KEY")!.folded == SecretName("api_key")!.folded)
    let sorted = ["b", "B", "_", "-", "a", "A", "0"].map { SecretName($0)! }.sorted().map(\.text)
    #expect(sorted == ["-", "0", "A", "B", "_", "a", "b"])
  }

  @Test func scopesKnowTheirFiles() {
    let scope = Scope.workflow(WorkflowID("deploy")!)
    #expect(scope.text == "workflow/deploy")
    #expect(scope.relativePath == "workflows/deploy.yaml")
    #expect(Scope.global.relativePath == "global.yaml")
  }

  @Test func quotingForMessagesStaysOnOneLine() {
    #expect("a\nb'".quotedForMessage == "'a\\u{a}b\\''")
  }

  @Test func secretBytesSearchAndPrintWithoutShowingBytes() {
    #expect("\(SecretBytes(testing: "hunter2"))" == "SecretBytes(7 bytes)")
    #expect(SecretBytes(testing: "a ${X} b").contains("${".utf8))
    #expect(!SecretBytes(testing: "a $X} b").contains("${".utf8))
  }

  @Test func valuesAreCheckedWithoutEchoingThem() throws {
    #expect(throws: ValueError.empty) { try SecretValue(SecretBytes(count: 0)) }
    #expect(throws: ValueError.tooLong) { try SecretValue(SecretBytes(count: 65537)) }
    #expect(throws: ValueError.containsNUL) { try SecretValue(SecretBytes(bytes: [0x41, 0, 0x42])) }
    #expect(throws: ValueError.notUTF8) { try SecretValue(SecretBytes(bytes: [0x41, 0xFF])) }
    #expect(try SecretValue(SecretBytes(count: 65536).filled(0x41)).bytes.count == 65536)
  }
}

extension SecretBytes {
  func filled(_ byte: UInt8) -> SecretBytes {
    _ = withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: byte) }
    return self
  }
}

@Suite struct SecretBufferTests {
  @Test func copiesAreCopyOnWrite() {
    var a = SecretBuffer()
    a.append("shared".utf8)
    var b = a
    b.append("-b".utf8)
    a.append("-a".utf8)
    #expect(a.bytes().testBytes == Array("shared-a".utf8))
    #expect(b.bytes().testBytes == Array("shared-b".utf8))
    var c = a
    c.removeFirst(3)
    #expect(c.bytes().testBytes == Array("red-a".utf8))
    #expect(a.bytes().testBytes == Array("shared-a".utf8))
  }
}
