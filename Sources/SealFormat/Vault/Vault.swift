/// Where a vault's files come from: its directory on disk, or another store (the CLI's
/// `check --staged` reads git's index).
public protocol VaultFiles: Sendable {
  /// The bytes of the file at `relative` (at most 16 MiB), or nil when there is none.
  func read(_ relative: String) throws(FileReader.Failure) -> [UInt8]?
  /// The entries of the directory at `relative` with whether each is a regular file, or
  /// nil when there is no such directory.
  func list(_ relative: String) throws(FileReader.Failure) -> [(name: String, isFile: Bool)]?
}

/// A vault's files as they are on disk.
public struct DirectoryFiles: VaultFiles {
  let directory: String

  public init(directory: String) {
    self.directory = directory
  }

  public func read(_ relative: String) throws(FileReader.Failure) -> [UInt8]? {
    let path = Vault.join(directory, relative)
    do { return try FileReader.read(path, limit: StrictReader.maxFileBytes, tooLong: "file is over 16 MiB") } catch {
      if error.missing { return nil }
      throw error
    }
  }

  public func list(_ relative: String) throws(FileReader.Failure) -> [(name: String, isFile: Bool)]? {
    let path = Vault.join(directory, relative)
    return try FileReader.list(path)?.map { ($0, FileReader.isRegularFile(Vault.join(path, $0))) }
  }
}

/// A vault, read-only: the API a Swift executor uses in-process.
///
/// Reading is all this type does; writes, locks and key files belong to the CLI.
public struct Vault: Sendable {
  /// The directory as the user named it; file paths in messages start with it.
  public let directory: String
  /// `sealvault.yaml`.
  public let config: VaultConfig
  /// The largest file a reader accepts, so the largest a writer may produce (16 MiB).
  public static let maxFileBytes = StrictReader.maxFileBytes
  private let files: any VaultFiles

  /// Opens the vault at `directory` by reading its `sealvault.yaml`, from disk or from
  /// `files`.
  public init(directory: String, files: (any VaultFiles)? = nil) throws(VaultError) {
    self.directory = directory
    self.files = files ?? DirectoryFiles(directory: directory)
    let path = Self.join(directory, "sealvault.yaml")
    let read: [UInt8]?
    do { read = try self.files.read("sealvault.yaml") } catch { throw .unreadable(error) }
    guard let bytes = read else { throw .missing(directory) }
    do { config = try VaultConfig(reading: bytes, path: path) } catch { throw .invalid(error) }
  }

  /// The path of a file in the vault, as messages show it.
  public func path(_ relative: String) -> String { Self.join(directory, relative) }

  /// `directory/relative`, without a doubled slash.
  public static func join(_ directory: String, _ relative: String) -> String {
    directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
  }

  /// Reads one scope; a workflow without a file is an empty scope of its own.
  public func document(_ scope: Scope) throws(VaultError) -> ScopeDocument {
    let path = path(scope.relativePath)
    let read: [UInt8]?
    do { read = try files.read(scope.relativePath) } catch { throw .unreadable(error) }
    guard let bytes = read else {
      if case .workflow = scope { return ScopeDocument(scope: scope) }
      throw .unreadable(
        FileReader.Failure(path: path, reason: "missing (every vault has a global.yaml)", missing: true))
    }
    do { return try ScopeDocument(reading: bytes, path: path, scope: scope) } catch { throw .invalid(error) }
  }

  /// Every scope in the vault: global, then each `workflows/<id>.yaml` by id; fails when
  /// `workflows/` holds anything else.
  public func scopes() throws(VaultError) -> [Scope] {
    let (scopes, problems) = try listing()
    guard problems.isEmpty else { throw .invalid(Diagnostics(problems)) }
    return scopes
  }

  /// The scopes, and a problem for each file in `workflows/` that is not `<valid id>.yaml`
  /// (dotfiles, such as a writer's temp files, are ignored).
  public func listing() throws(VaultError) -> (scopes: [Scope], problems: [Diagnostic]) {
    let directory = path("workflows")
    let entries: [(name: String, isFile: Bool)]
    do { entries = try files.list("workflows") ?? [] } catch { throw .unreadable(error) }
    var scopes: [Scope] = [.global]
    var problems: [Diagnostic] = []
    for (name, isFile) in entries where !name.hasPrefix(".") {
      let path = Self.join(directory, name)
      if name.hasSuffix(".yaml"), let id = WorkflowID(name.dropLast(5)), isFile {
        scopes.append(.workflow(id))
      } else {
        let message = "not a workflow scope file: expected workflows/<id>.yaml, where an id is \(NameRule.text)"
        problems.append(Diagnostic(path: path, mark: nil, message: message))
      }
    }
    return (scopes, problems)
  }

  /// The secrets workflow `id` sees: global plus its own, its own winning on a shared name.
  public func effectiveSet(for id: WorkflowID) throws(VaultError) -> EffectiveSet {
    EffectiveSet(global: try document(.global), workflow: try document(.workflow(id)))
  }
}

/// Why a vault could not be read.
public enum VaultError: Error, Sendable, CustomStringConvertible {
  /// No `sealvault.yaml` in the directory.
  case missing(String)
  /// A file exists but could not be read.
  case unreadable(FileReader.Failure)
  /// A file was read and is not valid.
  case invalid(Diagnostics)

  public var description: String {
    switch self {
    case .missing(let directory):
      "no vault at \(directory) (no sealvault.yaml); create one with `sealvault init --vault \(directory)`"
    case .unreadable(let failure): failure.description
    case .invalid(let diagnostics): diagnostics.description
    }
  }
}
