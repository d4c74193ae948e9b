import Foundation
import SealFormat
import Testing

/// `import`'s dotenv reader against python-dotenv's own parse cases
/// (Fixtures/dotenv-cases.json, harvested from theskumar/python-dotenv's tests).
@Suite struct DotenvConformanceTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let id: String
    let kind: String
    let input: [UInt8]
    let expected: [String: String]?
    var testDescription: String { id }
  }

  static let cases: [Case] = {
    let root = try! TestFiles.json("SealFormatTests/Fixtures/dotenv-cases.json")
    return (root["cases"] as! [[String: Any]]).map { item in
      let text = item["input"] as! String
      let input =
        item["encoding"] as? String == "latin-1" ? text.unicodeScalars.map { UInt8($0.value) } : Array(text.utf8)
      let expected = (item["expected"] as? [String: String]) ?? (item["literal"] as? [String: String])
      return Case(id: item["id"] as! String, kind: item["kind"] as! String, input: input, expected: expected)
    }
  }()

  func parse(_ input: [UInt8]) throws(Diagnostics) -> [String: String] {
    var values: [String: String] = [:]
    for entry in try Dotenv.parse(SecretBytes(bytes: input), path: ".env") {
      values[entry.name.text] = String(decoding: entry.value.bytes.testBytes, as: UTF8.self)
    }
    return values
  }

  @Test func coversEveryKind() {
    let kinds = Dictionary(grouping: Self.cases, by: \.kind).mapValues(\.count)
    #expect(kinds == ["good": 75, "bad": 27, "interp": 17, "no_entries": 4, "bom": 2])
  }

  /// Good, BOM and interpolation cases import with python-dotenv's values (taken literally:
  /// no `${VAR}` expansion).
  @Test(arguments: cases.filter { ["good", "bom", "interp"].contains($0.kind) })
  func importsLikePythonDotenv(_ item: Case) throws {
    #expect(try parse(item.input) == item.expected)
  }

  /// Bad entries and files with no entries fail the whole import.
  @Test(arguments: cases.filter { ["bad", "no_entries"].contains($0.kind) })
  func failsTheWholeImport(_ item: Case) {
    #expect(throws: Diagnostics.self) { try parse(item.input) }
  }

  @Test func errorsNameFileLineAndColumnButNoValue() {
    let cases: [(String, String)] = [
      (
        "A=1\nB C=s3cret\n",
        ".env:2:3: error: unexpected text after the value (expected a comment or the end of the line)"
      ),
      (
        "A=1\nb.c=s3cret\n",
        ".env:2:1: error: invalid secret name: a name is 1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)"
      ),
      ("A=1\nB=\n", ".env:2:3: error: 'B': the value is empty"),
      ("A=1\nB=\"s3cret\n", ".env:2:3: error: unterminated quoted value"),
      ("A=1\nexport B\n", ".env:2:8: error: this line has no value (expected NAME=value); its text is not shown"),
      (
        "A=1\na=s3cret\n",
        ".env:2:1: error: 'a' and 'A' (line 1) differ only in case; names are unique regardless of case"
      ),
      ("A=1\n=s3cret\n", ".env:2:1: error: cannot parse this line (expected NAME=value)"),
      // Found by FuzzDotenv: `export ` at the end of the input read one byte past it.
      (" export ", ".env:1:9: error: cannot parse this line (expected NAME=value)"),
      ("A=1\nexport \t", ".env:2:9: error: cannot parse this line (expected NAME=value)"),
      (
        "A=1\nB=\"s3cret\"junk\n",
        ".env:2:11: error: unexpected text after the value (expected a comment or the end of the line)"
      ),
      ("", ".env:1:1: error: no entries to import (expected NAME=value lines)"),
    ]
    for (input, expected) in cases {
      do {
        _ = try parse(Array(input.utf8))
        Issue.record("accepted \(input.debugDescription)")
      } catch {
        #expect(error.items.map(\.description) == [expected])
        #expect(!error.description.contains("s3cret"))
      }
    }
  }

  @Test func reportsEveryBadLineAtOnce() {
    #expect(throws: Diagnostics.self) { try parse(Array("A=\nB=\n".utf8)) }
    do { _ = try parse(Array("A=\nb c\nC=\n".utf8)) } catch { #expect(error.items.count == 3) }
  }

  @Test func valuesOverSixtyFourKiBFail() throws {
    let big = "A=" + String(repeating: "x", count: 65537)
    #expect(throws: Diagnostics.self) { try parse(Array(big.utf8)) }
    #expect(try parse(Array(("A=" + String(repeating: "x", count: 65536)).utf8))["A"]?.utf8.count == 65536)
  }

  @Test func flagsExpansionSyntax() throws {
    let entries = try Dotenv.parse(SecretBytes(testing: "A=${B}\nC=$D\n"), path: ".env")
    #expect(entries.map(\.hasExpansionSyntax) == [true, false])
  }
}
