import ArgumentParser
import SealFiles
import SealFormat

extension SealVault {
  struct Textconv: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "textconv",
      abstract: "git's diff view of a scope file: the scope, then `NAME sealed:<8 hex>` per secret.",
      discussion: """
        Never fails and needs no key: a file it cannot read as a scope file is shown as it is.

        Examples:
          git diff   # runs `sealvault textconv` once git-setup has installed the driver
        """)

    @Argument(help: "The file git gives (a temporary copy of a scope file).")
    var file: String

    func run() {
      guard let bytes = try? FileReader.read(file, limit: 64 << 20, tooLong: "too long") else { return }
      if let document = try? ScopeDocument(reading: bytes, path: file, scope: nil) {
        Console.out(DiffView.text(document))
      } else {
        bytes.withUnsafeBytes { Console.write(raw: $0) }
      }
    }
  }
}
