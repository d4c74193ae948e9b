import SealCore
import SealCrypto
internal import SealYAML

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

  /// Opens the vault named `directory` (in messages) by reading its `sealvault.yaml` and
  /// listing its workflows from `files`: a directory on disk (`SealFiles`), git's index, or
  /// bytes an executor holds.
  public init(directory: String, files: any VaultFiles) throws(VaultError) {
    self.directory = directory
    self.files = files
    let path = Self.join(directory, "sealvault.yaml")
    let read: [UInt8]?
    do { read = try self.files.read("sealvault.yaml") } catch { throw .unreadable(error) }
    guard let bytes = read else { throw .missing(directory) }
    do { config = try VaultConfig(reading: bytes, path: path) } catch { throw .invalid(error) }
    (listed, caseClashes) = Self.list(self.files, in: directory)
  }

  /// The path of a file in the vault, as messages show it.
  package func path(_ relative: String) -> String { Self.join(directory, relative) }

  /// `directory/relative`, without a doubled slash.
  package static func join(_ directory: String, _ relative: String) -> String {
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
        VaultFileError(path: path, reason: "missing (every vault has a global.yaml)", missing: true))
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
  package func listing() -> (scopes: [Scope], problems: [Diagnostic]) { listed }

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
        problems.append(VaultFileError.notRegular(path, kind).diagnostic)
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
  case unreadable(VaultFileError)
  /// A file was read and is not valid.
  case invalid(Diagnostics)

  public var description: String {
    switch self {
    case .missing(let directory):
      "no vault at \(directory) (no sealvault.yaml)"
    case .unreadable(let failure): failure.description
    case .invalid(let diagnostics): diagnostics.description
    }
  }
}
