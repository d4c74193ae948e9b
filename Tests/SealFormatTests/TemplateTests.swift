import Foundation
import SealFormat
import Testing

@Suite struct TemplateTests {
  func render(_ text: String, _ values: [String: String], escaping: Escaping = .none) -> String {
    let template = Template(Array(text.utf8))
    let out = template.rendered { name in
      values[name.text].map { escaping.apply(SecretBytes(testing: $0)) }
    }
    return String(decoding: out.bytes, as: UTF8.self)
  }

  @Test(arguments: [
    ("@{A}", "1"),
    ("x@{A}y@{B}z", "x1y2z"),
    ("@@{A}", "@{A}"),
    ("@@@{A}", "@@{A}"),
    ("@{A}@{A}", "11"),
    ("@{bad name}", "@{bad name}"),
    ("@{A", "@{A"),
    ("@{}", "@{}"),
    ("@@{A} @{A}", "@{A} 1"),
    ("@{@{A}}", "@{1}"),
    ("é @{A} ✓", "é 1 ✓"),
    ("@{NOPE}", "UNKNOWN"),
    ("@ {A} @", "@ {A} @"),
    ("@{A.B}", "@{A.B}"),
  ])
  func resolvesPlaceholders(_ text: String, _ expected: String) {
    #expect(render(text, ["A": "1", "B": "2"]) == expected)
  }

  @Test func namesUpTo128Bytes() {
    let long = String(repeating: "N", count: 128)
    #expect(render("@{\(long)}", [long: "v"]) == "v")
    let tooLong = String(repeating: "N", count: 129)
    #expect(render("@{\(tooLong)}", [:]) == "@{\(tooLong)}")
  }

  @Test func placeholdersKnowWhereTheyStand() {
    let template = Template(Array("a\n  é@{X} @@{Y} @{Z}".utf8))
    #expect(template.placeholders.map(\.name.text) == ["X", "Z"])
    #expect(template.placeholders.map(\.mark) == [Mark(line: 2, column: 4), Mark(line: 2, column: 15)])
  }

  @Test func otherBytesPassThroughUnchanged() {
    let bytes: [UInt8] = [0xFF, 0x00, 0x40, 0x7B, 0x41, 0x7D, 0x0D, 0x0A, 0x40]
    let out = Template(bytes).rendered { _ in SecretBytes(testing: "v") }
    #expect(out.bytes == [0xFF, 0x00, 0x76, 0x0D, 0x0A, 0x40])
  }

  @Test func renderingStreamsInBoundedChunks() {
    let value = SecretBytes(testing: String(repeating: "v", count: 65536))
    let template = Template(Array(String(repeating: "@{A}.", count: 200).utf8))
    let out = template.rendered { _ in value }
    #expect(out.bytes.count == 200 * 65537)
    #expect(out.chunks == (200 * 65537 + 65535) / 65536)
  }

  static let hostile = [
    #"quote " backslash \ end"#, "new\nline\r\n", "tab\tnul\u{01}\u{1F}", #"", "admin": true, "x": ""#,
    "\u{2028}\u{2029}", "ünï ✓ 🔑", "</script>",
  ]

  @Test(arguments: hostile)
  func jsonEscapingKeepsTheDocumentAndTheValue(_ value: String) throws {
    let rendered = render(#"{"token": "@{T}", "n": 1}"#, ["T": value], escaping: .json)
    let object = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any]
    #expect(object?.count == 2)
    #expect(object?["token"] as? String == value)
    #expect(!rendered.contains("\u{2028}"))
  }

  @Test func urlEscapingEncodesAllButUnreserved() {
    #expect(
      render("https://x/?q=@{T}", ["T": "a b&c=d/é~._-"], escaping: .url) == "https://x/?q=a%20b%26c%3Dd%2F%C3%A9~._-")
  }
}
