import Foundation
import SealFormat
import Testing

@Suite struct MaskerTests {
  func masked(_ values: [String], _ chunks: [[UInt8]]) -> String {
    let masker = Masker(secrets: values.map { SecretBytes(testing: $0) })
    var out: [UInt8] = []
    for chunk in chunks { out += chunk.withUnsafeBytes { masker.feed($0) } }
    out += masker.finish()
    return String(decoding: out, as: UTF8.self)
  }

  func masked(_ values: [String], _ text: String) -> String { masked(values, [Array(text.utf8)]) }

  @Test func masksEveryOccurrence() {
    #expect(masked(["hunter2"], "pw=hunter2; again hunter2.") == "pw=***; again ***.")
  }

  @Test func findsAValueSplitAtEveryPoint() {
    let text = Array("before s3cr3t-value after".utf8)
    for split in 0...text.count {
      #expect(masked(["s3cr3t-value"], [Array(text[..<split]), Array(text[split...])]) == "before *** after")
    }
    #expect(masked(["s3cr3t-value"], text.map { [$0] }) == "before *** after")
  }

  @Test func masksLinesJSONAndBase64Forms() {
    let value = "line-one\nline-two\n\"q\""
    let json = #"line-one\nline-two\n\"q\""#
    let base64 = Data(value.utf8).base64EncodedString()
    #expect(masked([value], "a line-one b") == "a *** b")
    #expect(masked([value], "x line-two") == "x ***")
    #expect(masked([value], "{\"v\": \"\(json)\"}") == "{\"v\": \"***\"}")
    #expect(masked([value], "b64 \(base64) end") == "b64 *** end")
    #expect(masked(["abcd"], "YWJjZA") == "***")
  }

  @Test func shortValuesAreNotMasked() {
    #expect(masked(["abc", "on"], "abc on abcd") == "abc on abcd")
    #expect(masked(["abcd"], "abc abcd") == "abc ***")
  }

  @Test func overlappingValuesResolveLeftmostLongest() {
    #expect(masked(["abcd", "abcdef"], "xabcdefx") == "x***x")
    #expect(masked(["abcd", "cdefgh"], "abcdefgh") == "***efgh")
    #expect(masked(["abcd", "abcdef"], [Array("xabcd".utf8), Array("ef".utf8)]) == "x***")
    #expect(masked(["abcd", "abcdef"], [Array("xabcd".utf8), Array("eX".utf8)]) == "x***eX")
  }

  /// A stream of bytes that keep starting a pattern never piles up: at most the longest
  /// form (here the 16-byte base64 of the value) minus one byte is held back.
  @Test func holdsBackAtMostOnePatternLength() {
    let masker = Masker(secrets: [SecretBytes(testing: "0123456789")])
    let chunk = Array(repeating: UInt8(ascii: "0"), count: 4096)
    var fed = 0
    var written = 0
    for _ in 0..<256 {
      fed += chunk.count
      written += chunk.withUnsafeBytes { masker.feed($0) }.count
      #expect(fed - written <= 15)
    }
    #expect(written + masker.finish().count == fed)
  }

  @Test func tenThousandValuesSharingAPrefix() {
    let values = (0..<10000).map { "sk-live-\(String($0 * 104729, radix: 36))" }
    let text = "a sk-live-\(String(4321 * 104729, radix: 36)) b sk-live-zzzzzzzzzz c"
    #expect(masked(values, text) == "a *** b sk-live-zzzzzzzzzz c")
  }
}
