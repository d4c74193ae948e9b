import ArgumentParser
import Glibc
import SealFiles
import SealFormat

extension SealVault {
  struct GitSetup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "git-setup",
      abstract: "Install the diff and merge drivers for the vault in this git repository (idempotent).",
      discussion: """
        Adds the vault's files to .gitattributes with diff=sealvault merge=sealvault, and sets \
        diff.sealvault.textconv and merge.sealvault.driver in the repository's own config.

        Examples:
          sealvault git-setup
        """)

    @OptionGroup var vaultOptions: VaultOptions

    /// The repository's own config that routes the vault's files to sealvault.
    static let settings = [
      ("diff.sealvault.textconv", "sealvault textconv"), ("merge.sealvault.name", "sealvault: merge by secret name"),
      ("merge.sealvault.driver", "sealvault merge-file %O %A %B %P"),
    ]

    /// The `.gitattributes` lines for a vault at `relative` (from the repository's root).
    static func attributes(relative: String) -> [String] {
      let prefix = relative.isEmpty ? "/" : relative + "/"
      return ["\(prefix)global.yaml", "\(prefix)workflows/*.yaml"].map { "\($0) diff=sealvault merge=sealvault" }
    }

    func run() throws {
      let git = try Git(purpose: "git-setup installs the drivers in a repository's own config (run `git init` first)")
      let directory = vaultOptions.directory
      guard FileReader.exists(directory), let relative = git.relative(directory) else {
        throw Failure.failed("vault \(directory) is not inside the repository \(git.root)")
      }
      let prefix = relative.isEmpty ? "/" : relative + "/"
      let wanted = Self.attributes(relative: relative)
      let path = git.root + "/.gitattributes"
      let existing = FileReader.exists(path) ? try read(path) : ""
      let lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let missing = wanted.filter { !lines.contains($0) }
      if missing.isEmpty {
        Console.note(".gitattributes already routes \(prefix)global.yaml and \(prefix)workflows/*.yaml to sealvault")
      } else {
        let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
        try AtomicFile.write(Array((existing + separator + missing.map { $0 + "\n" }.joined()).utf8), to: path)
        for line in missing { Console.note("added to .gitattributes: \(line)") }
      }
      for (key, value) in Self.settings {
        try Git.run(["-C", git.root, "config", "--local", key, value])
        Console.note("git config \(key) \"\(value)\"")
      }
      if !Self.onPath("sealvault") {
        Console.warning("sealvault is not on PATH: git runs `sealvault textconv` and `sealvault merge-file` from it")
      }
    }

    private func read(_ path: String) throws(Failure) -> String {
      do {
        return String(decoding: try FileReader.read(path, limit: 1 << 20, tooLong: "over 1 MiB"), as: UTF8.self)
      } catch {
        throw .file(error)
      }
    }

    /// Whether an executable named `name` is in a directory of `$PATH`.
    static func onPath(_ name: String) -> Bool {
      (Environment.value("PATH") ?? "").split(separator: ":").contains { access("\($0)/\(name)", X_OK) == 0 }
    }
  }
}
