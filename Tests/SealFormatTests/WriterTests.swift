import Foundation
import SealFormat
import Testing

/// The canonical writer against golden files, and its quoting of names YAML would not read
/// as strings.
@Suite struct WriterTests {
  /// Fixed tokens so the golden bytes are stable (any valid token works for the writer).
  static func token(_ n: Int) -> Token {
    try! Token(text: Substring("sv1:0123456789abcdef:" + String(repeating: "AAA\(n % 10)", count: 25)))
  }

  static let names = [
    "zeta", "API_KEY", "123", "true", "no", "Off", "null", "y", "0x1F", "0o17", "1e3", "-1", "1_000",
    "2024-01-01", "08", "-", "-x", "0b101", "1e-3", "a-b_c", "B", "_", "ON1", "0xZZ", "2024-1-1",
  ]

  /// The golden document, its secrets set in the order of `order` (indices into `names`).
  func document(order: [Int] = Array(names.indices)) -> ScopeDocument {
    var document = ScopeDocument(scope: .global)
    for index in order { document.set(SecretName(Self.names[index])!, Self.token(index)) }
    return document
  }

  @Test func matchesTheGoldenFile() throws {
    let golden = try TestFiles.data("SealFormatTests/Golden/global.yaml")
    #expect(Data(document().canonicalBytes()) == golden)
    #expect(Data(document(order: Self.names.indices.shuffled()).canonicalBytes()) == golden)
  }

  @Test func readingThenWritingIsIdentity() throws {
    let golden = try TestFiles.data("SealFormatTests/Golden/global.yaml")
    let read = try ScopeDocument(reading: Array(golden), path: "global.yaml", scope: .global)
    #expect(Data(read.canonicalBytes()) == golden)
    #expect(read.count == Self.names.count)
  }

  @Test func emptyScopes() throws {
    #expect(ScopeDocument(scope: .global).canonicalBytes() == Array("sealvault: 1\nscope: global\nsecrets: {}\n".utf8))
    let workflow = try TestFiles.data("SealFormatTests/Golden/workflow.yaml")
    var document = ScopeDocument(scope: .workflow(WorkflowID("deploy")!))
    document.set(SecretName("TOKEN")!, Self.token(1))
    #expect(Data(document.canonicalBytes()) == workflow)
  }

  @Test func quotesExactlyTheNamesYAMLReadsAsOtherTypes() {
    let quoted = Set(
      String(decoding: document().canonicalBytes(), as: UTF8.self)
        .split(separator: "\n").filter { $0.hasPrefix("  \"") }
        .map { String($0.dropFirst(3).prefix(while: { $0 != "\"" })) })
    #expect(
      quoted == [
        "123", "true", "no", "Off", "null", "y", "0x1F", "0o17", "1e3", "-1", "1_000", "2024-01-01", "08",
        "0b101", "1e-3",
      ])
  }
}
