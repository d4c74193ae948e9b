import SealCore

/// Where a vault's files come from: its directory on disk, or another store (the CLI's
/// `check --staged` reads git's index).
public protocol VaultFiles: Sendable {
  /// The bytes of the regular file at `relative` (at most 16 MiB), or nil when there is
  /// none; anything else there (a link, a FIFO, a device) is a failure.
  func read(_ relative: String) throws(VaultFileError) -> [UInt8]?
  /// The entries of the directory at `relative` with what each is, or nil when there is no
  /// such directory; a link or anything else in its place is a failure.
  func list(_ relative: String) throws(VaultFileError) -> [(name: String, kind: FileKind)]?
}

/// What a directory entry is, as `lstat` sees it (a symbolic link is not followed).
public enum FileKind: Sendable, Equatable {
  case regular, directory, symbolicLink, fifo, device, socket

  /// `(a FIFO)`, for "not a regular file" messages.
  package var article: String {
    switch self {
    case .regular: "(a regular file)"
    case .directory: "(a directory)"
    case .symbolicLink: "(a symbolic link)"
    case .fifo: "(a FIFO)"
    case .device: "(a device)"
    case .socket: "(a socket)"
    }
  }
}

/// A file of the vault that could not be read: missing, not a regular file, too large, or
/// the operating system's reason.
public struct VaultFileError: Error, Sendable, CustomStringConvertible {
  public let path: String
  public let reason: String
  /// Whether the file does not exist.
  public let missing: Bool

  package init(path: String, reason: String, missing: Bool) {
    self.path = path
    self.reason = reason
    self.missing = missing
  }

  /// The failure as a problem of the whole file, at `path:1:1:`.
  public var diagnostic: Diagnostic { Diagnostic(path: path, mark: nil, message: reason) }

  public var description: String { diagnostic.description }

  /// Something other than a regular file where a vault file belongs.
  package static func notRegular(_ path: String, _ kind: FileKind) -> VaultFileError {
    VaultFileError(
      path: path, reason: "not a regular file \(kind.article); vault files must be regular files", missing: false)
  }
}
