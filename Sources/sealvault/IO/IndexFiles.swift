import SealFiles
import SealFormat

/// A vault's files as staged in git's index, for `check --staged` in a pre-commit hook:
/// what is about to be committed, whatever the working tree holds.
struct IndexFiles: VaultFiles {
  private struct Entry {
    let mode: String
    let blob: String
    let stage: Int

    /// What the entry is: git records regular files as 100644 or 100755, links as 120000.
    var kind: FileKind { mode.hasPrefix("100") ? .regular : mode == "120000" ? .symbolicLink : .device }
  }

  private let entries: [String: Entry]
  /// The vault directory as the user named it, for the paths in messages.
  private let directory: String

  /// The index entries under the vault directory `directory`.
  init(directory: String) throws(Failure) {
    let git = try Git(purpose: "check --staged reads the vault from a repository's index")
    guard let relative = git.relative(directory) else {
      throw .failed("vault \(directory) is not inside the repository \(git.root)")
    }
    let prefix = relative.isEmpty ? "" : relative + "/"
    let listing = try Git.run(["-C", git.root, "ls-files", "--stage", "-z", "--", relative.isEmpty ? "." : relative])
    var entries: [String: Entry] = [:]
    for record in listing.split(separator: "\0") {
      let parts = record.split(separator: "\t", maxSplits: 1)
      let fields = parts[0].split(separator: " ")
      guard parts.count == 2, fields.count == 3, parts[1].hasPrefix(prefix) else { continue }
      entries[String(parts[1].dropFirst(prefix.count))] = Entry(
        mode: String(fields[0]), blob: String(fields[1]), stage: Int(fields[2]) ?? 0)
    }
    self.entries = entries
    self.directory = directory
  }

  /// Whether the index holds a file at `relative` (a path inside the vault).
  func holds(_ relative: String) -> Bool { entries[relative] != nil }

  /// Paths the index holds unmerged (a conflict not yet resolved and added).
  var unmerged: [String] { entries.filter { $0.value.stage != 0 }.map(\.key).sorted() }

  func read(_ relative: String) throws(VaultFileError) -> [UInt8]? {
    guard let entry = entries[relative] else { return nil }
    guard entry.kind == .regular else { throw VaultFileError.notRegular(Vault.join(directory, relative), entry.kind) }
    do {
      return try Git.output(["cat-file", "blob", entry.blob])
    } catch {
      throw VaultFileError(path: Vault.join(directory, relative), reason: error.message, missing: false)
    }
  }

  func list(_ relative: String) throws(VaultFileError) -> [(name: String, kind: FileKind)]? {
    if let entry = entries[relative] {
      throw VaultFileError(
        path: Vault.join(directory, relative),
        reason: "not a directory \(entry.kind.article); \(relative)/ must be a directory",
        missing: false)
    }
    let prefix = relative + "/"
    var children: [String: FileKind] = [:]
    for (path, entry) in entries where path.hasPrefix(prefix) {
      let rest = path.dropFirst(prefix.count)
      let name = String(rest.prefix { $0 != "/" })
      children[name] = rest.contains("/") ? .directory : entry.kind
    }
    return children.isEmpty ? nil : children.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
