import SealFormat

/// A vault's files as they are on disk. The vault directory itself may be reached through
/// a link; nothing inside it is read through one.
public struct DirectoryFiles: VaultFiles {
  let directory: String

  public init(directory: String) {
    self.directory = directory
  }

  public func read(_ relative: String) throws(VaultFileError) -> [UInt8]? {
    if let slash = relative.lastIndex(of: "/") { try checkDirectory(String(relative[..<slash])) }
    let path = Vault.join(directory, relative)
    do {
      return try FileReader.readVaultFile(path, limit: Vault.maxFileBytes, tooLong: "file is over 16 MiB")
    } catch {
      if error.missing { return nil }
      throw error
    }
  }

  public func list(_ relative: String) throws(VaultFileError) -> [(name: String, kind: FileKind)]? {
    guard try checkDirectory(relative) else { return nil }
    let path = Vault.join(directory, relative)
    // A name that is not valid UTF-8 cannot be looked up again: kept, so it is reported.
    return try FileReader.list(path)?.map { name in (name, FileReader.kind(Vault.join(path, name)) ?? .device) }
  }

  /// Whether the directory at `relative` exists; fails when something else stands there.
  @discardableResult
  private func checkDirectory(_ relative: String) throws(VaultFileError) -> Bool {
    let path = Vault.join(directory, relative)
    guard let kind = FileReader.kind(path) else { return false }
    guard kind == .directory else {
      throw VaultFileError(
        path: path, reason: "not a directory \(kind.article); \(relative)/ must be a directory", missing: false)
    }
    return true
  }
}

extension Vault {
  /// Opens the vault in `directory` on disk.
  public init(directory: String) throws(VaultError) {
    try self.init(directory: directory, files: DirectoryFiles(directory: directory))
  }
}
