import ArgumentParser
import SealFiles
import SealFormat

extension SealVault {
  struct NoPlaintext: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "no-plaintext",
      abstract: "Refuse dotenv files that hold values (the pre-commit hook sealvault-no-plaintext).",
      discussion: """
        Each FILE is read as a dotenv file: a NAME=value line whose value is not empty is an error at its \
        line, naming NAME but never the value. Values belong in the vault: `sealvault import FILE`, then \
        delete FILE.

        Examples:
          sealvault no-plaintext .env config/prod.env
        """)

    @Argument(help: "The dotenv files to check.")
    var files: [String] = []

    func run() throws {
      var problems: [Diagnostic] = []
      for file in files {
        if let kind = FileReader.kind(file), kind != .regular {
          problems.append(VaultFileError.notRegular(file, kind).diagnostic)
          continue
        }
        let text = try SecretInput.readFile(file, limit: TemplateSource.limit)
        problems += text.withUnsafeBytes { Self.linesWithValues(in: $0, path: file) }
      }
      guard problems.isEmpty else { throw Failure.invalid(Diagnostics(problems)) }
    }

    /// A problem for each `NAME=value` line whose value is not empty (nor `""` or `''`).
    static func linesWithValues(in raw: UnsafeRawBufferPointer, path: String) -> [Diagnostic] {
      var problems: [Diagnostic] = []
      for (index, line) in raw.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
        var rest = line.drop { $0 == 0x20 || $0 == 0x09 }
        if rest.starts(with: Array("export ".utf8)) { rest = rest.dropFirst(7).drop { $0 == 0x20 || $0 == 0x09 } }
        guard rest.first != UInt8(ascii: "#"), let equals = rest.firstIndex(of: UInt8(ascii: "=")) else { continue }
        let value = rest[(equals + 1)...].filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
        guard !value.isEmpty, value != Array("\"\"".utf8), value != Array("''".utf8) else { continue }
        let key = String(decoding: rest[..<equals], as: UTF8.self).trimmingSpaces
        let name = SecretName(key).map { "\($0) holds a value" } ?? "this line holds a value"
        problems.append(
          Diagnostic(
            path: path, mark: Mark(line: index + 1, column: 1),
            message: "\(name): values belong in the vault (`sealvault import \(path)`, then delete the file)"))
      }
      return problems
    }
  }
}

extension String {
  /// Without spaces and tabs at either end.
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
