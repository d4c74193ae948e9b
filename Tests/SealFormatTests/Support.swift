import Foundation
import SealFormat

/// Files next to the tests: vectors, fixtures and golden files.
enum TestFiles {
  static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

  static func data(_ relative: String) throws -> Data {
    try Data(contentsOf: tests.appendingPathComponent(relative))
  }

  static func json(_ relative: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: data(relative)) as! [String: Any]
  }
}

extension SecretBytes {
  /// Test-only: secret bytes from a string literal.
  convenience init(testing text: String) {
    self.init(bytes: Array(text.utf8))
  }

  convenience init(bytes: [UInt8]) {
    self.init(count: bytes.count)
    withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
  }

  /// Test-only: the bytes, to compare with an expectation.
  var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// Reads a scope document from YAML text, for reader tests.
func readScope(_ text: String, path: String = "vault/global.yaml", scope: Scope = .global) throws(Diagnostics)
  -> ScopeDocument
{
  try ScopeDocument(reading: Array(text.utf8), path: path, scope: scope)
}

/// The diagnostics a reader gives for `text`, as printed lines.
func readerErrors(_ text: String, scope: Scope = .global, path: String = "vault/global.yaml") -> [String] {
  do {
    _ = try readScope(text, path: path, scope: scope)
    return []
  } catch {
    return error.items.map(\.description)
  }
}

extension Template {
  /// Test-only: the whole rendered output, and how many chunks it was written in.
  func rendered(_ value: (SecretName) -> SecretBytes?) -> (bytes: [UInt8], chunks: Int) {
    var bytes: [UInt8] = []
    var chunks = 0
    render(value) { chunk in
      bytes += chunk
      chunks += 1
    }
    return (bytes, chunks)
  }
}
