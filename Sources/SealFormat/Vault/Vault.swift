import SealCore
import SealCrypto
internal import SealYAML

/// Where a vault's files come from: its directory on disk, or another store (the CLI's
/// `check --staged` reads git's index).
public protocol VaultFiles: Sendable {
  /// The bytes of the regular file at `relative` (at most 16 MiB), or nil when there is
  /// none; anything else there (a link, a FIFO, a device) is a failure.
  func read(_ relative: String) throws(FileReader.Failure) -> [UInt8]?
  /// The entries of the directory at `relative` with what each is, or nil when there is no
  /// such directory; a link or anything else in its place is a failure.
  func list(_ relative: String) throws(FileReader.Failure) -> [(name: String, kind: FileKind)]?
}

/// A vault's files as they are on disk. The vault directory itself may be reached through
/// a link; nothing inside it is read through one.
public struct DirectoryFiles: VaultFiles {
  let directory: String

  public init(directory: String) {
    self.directory = directory
  }

  public func read(_ relative: String) throws(FileReader.Failure) -> [UInt8]? {
    if let slash = relative.lastIndex(of: "/") { try checkDirectory(String(relative[..<slash])) }
    let path = Vault.join(directory, relative)
    do {
      return try FileReader.readVaultFile(path, limit: StrictReader.maxFileBytes, tooLong: "file is over 16 MiB")
    } catch {
      if error.missing { return nil }
      throw error
    }
  }

  public func list(_ relative: String) throws(FileReader.Failure) -> [(name: String, kind: FileKind)]? {
    guard try checkDirectory(relative) else { return nil }
    let path = Vault.join(directory, relative)
    return try FileReader.list(path)?.compactMap { name in
      FileReader.kind(Vault.join(path, name)).map { (name, $0) }
    }
  }

  /// Whether the directory at `relative` exists; fails when something else stands there.
  @discardableResult
  private func checkDirectory(_ relative: String) throws(FileReader.Failure) -> Bool {
    let path = Vault.join(directory, relative)
    guard let kind = FileReader.kind(path) else { return false }
    guard kind == .directory else {
      throw FileReader.Failure(
        path: path, reason: "not a directory \(kind.article); \(relative)/ must be a directory", missing: false)
    }
    return true
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
  /// The scopes and the problems of `workflows/`, read once when the vault is opened.
  private let listed: (scopes: [Scope], problems: [Diagnostic])
  /// Each workflow id whose file stands beside another differing only in case, with the problem.
  private let caseClashes: [WorkflowID: Diagnostic]

  /// Opens the vault at `directory` by reading its `sealvault.yaml` and listing its
  /// workflows, from disk or from `files`.
  public init(directory: String, files: (any VaultFiles)? = nil) throws(VaultError) {
    self.directory = directory
    self.files = files ?? DirectoryFiles(directory: directory)
    let path = Self.join(directory, "sealvault.yaml")
    let read: [UInt8]?
    do { read = try self.files.read("sealvault.yaml") } catch { throw .unreadable(error) }
    guard let bytes = read else { throw .missing(directory) }
    do { config = try VaultConfig(reading: bytes, path: path) } catch { throw .invalid(error) }
    (listed, caseClashes) = Self.list(self.files, in: directory)
  }

  /// The path of a file in the vault, as messages show it.
  public func path(_ relative: String) -> String { Self.join(directory, relative) }

  /// `directory/relative`, without a doubled slash.
  public static func join(_ directory: String, _ relative: String) -> String {
    directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
  }

  /// Reads one scope; a workflow without a file is an empty scope of its own.
  public func document(_ scope: Scope) throws(VaultError) -> ScopeDocument {
    if case .workflow(let id) = scope, let clash = caseClashes[id] { throw .invalid(Diagnostics([clash])) }
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
    guard listed.problems.isEmpty else { throw .invalid(Diagnostics(listed.problems)) }
    return listed.scopes
  }

  /// The scopes, and a problem for each entry of `workflows/` that is not a regular file
  /// `<valid id>.yaml`, or whose id differs only in case from another's (dotfiles, such as
  /// a writer's temp files, are ignored).
  public func listing() -> (scopes: [Scope], problems: [Diagnostic]) { listed }

  private static func list(_ files: any VaultFiles, in directory: String) -> (
    (scopes: [Scope], problems: [Diagnostic]), [WorkflowID: Diagnostic]
  ) {
    let entries: [(name: String, kind: FileKind)]
    do { entries = try files.list("workflows") ?? [] } catch { return (([.global], [error.diagnostic]), [:]) }
    var scopes: [Scope] = [.global]
    var problems: [Diagnostic] = []
    var clashes: [WorkflowID: Diagnostic] = [:]
    var byFolded: [String: WorkflowID] = [:]
    for (name, kind) in entries where !name.hasPrefix(".") {
      let path = Self.join(Self.join(directory, "workflows"), name)
      guard name.hasSuffix(".yaml"), let id = WorkflowID(name.dropLast(5)) else {
        let message = "not a workflow scope file: expected workflows/<id>.yaml, where an id is \(NameRule.text)"
        problems.append(Diagnostic(path: path, mark: nil, message: message))
        continue
      }
      guard kind == .regular else {
        problems.append(FileReader.notRegular(path, kind).diagnostic)
        continue
      }
      if let first = byFolded[id.text.lowercased()] {
        let message = "workflow id '\(id)' differs only in case from '\(first)' (ids are unique regardless of case)"
        let problem = Diagnostic(path: path, mark: nil, message: message)
        problems.append(problem)
        clashes[id] = problem
        clashes[first] = problem
        continue
      }
      byFolded[id.text.lowercased()] = id
      scopes.append(.workflow(id))
    }
    return ((scopes, problems), clashes)
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
