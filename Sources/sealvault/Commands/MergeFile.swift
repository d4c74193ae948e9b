import ArgumentParser
import SealFiles
import SealFormat

extension SealVault {
  struct MergeFile: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge-file",
      abstract: "git's merge driver: a 3-way merge of a scope file by secret name, written to OURS.",
      discussion: """
        Changes to different secrets always merge. The same secret changed on both sides, changed on one \
        and deleted on the other, or two names that differ only in case, is a conflict: exit 1, the names \
        on stderr, and conflict markers in the file.

        Examples:
          git merge feature   # runs `sealvault merge-file %O %A %B %P` once git-setup has installed it
        """)

    @Argument(help: "The common ancestor (git's %O).") var base: String
    @Argument(help: "Our version, overwritten with the result (git's %A).") var ours: String
    @Argument(help: "Their version (git's %B).") var theirs: String
    @Argument(help: "The file's path in the repository (git's %P), which gives the scope.") var path: String?

    func run() throws {
      let shown = path ?? ours
      let scope = path.flatMap(Scope.init(path:))
      let oursDocument = try read(ours, as: shown, scope: scope, side: "ours")!
      let baseDocument =
        try read(base, as: "\(shown) (base)", scope: oursDocument.scope) ?? ScopeDocument(scope: oursDocument.scope)
      let theirsDocument = try read(theirs, as: "\(shown) (theirs)", scope: oursDocument.scope, side: "theirs")!
      let result = ScopeMerge.merge(base: baseDocument, ours: oursDocument, theirs: theirsDocument)
      try AtomicFile.write(result.bytes, to: ours)
      guard result.conflicts.isEmpty else {
        Console.error("conflict in \(shown): \(result.conflicts.map(\.description).joined(separator: ", "))")
        throw ExitCode.failure
      }
    }

    /// A side of the merge. Only the base may be empty (a file added on both branches: nil);
    /// an emptied `side` is not a scope file, so it fails the merge, leaving OURS as it
    /// was, rather than deleting every secret of the other side without a conflict.
    private func read(_ file: String, as shown: String, scope: Scope?, side: String? = nil) throws(Failure)
      -> ScopeDocument?
    {
      let bytes: [UInt8]
      do { bytes = try FileReader.read(file, limit: Vault.maxFileBytes, tooLong: "file is over 16 MiB") } catch {
        throw .file(error)
      }
      if bytes.isEmpty {
        guard let side else { return nil }
        throw .failed(
          "cannot merge \(shown) by name: \(side) is empty, not a scope file (an emptied file never deletes secrets); resolve it by hand"
        )
      }
      do { return try ScopeDocument(reading: bytes, path: shown, scope: scope) } catch {
        throw Failure(message: "cannot merge \(shown) by name; resolve it by hand", diagnostics: error.items)
      }
    }
  }
}
