import Glibc

/// Finds the vault from the current directory, so every command works from any
/// subdirectory: the current directory when it holds `sealvault.yaml`, else the nearest
/// `vault/` holding one in it or a parent, up to the root of the git repository (the first
/// directory holding `.git`), or `/` outside one. Paths are relative (`../../vault`), so
/// messages stay short.
enum VaultDiscovery {
  /// The vault found, or nil. When the way up to the repository's root passes more than one
  /// vault, a warning names the others: a vault anyone committed deeper in the tree would
  /// otherwise take over quietly for whoever works below it (and a writer would seal to its
  /// key), so the choice is said out loud.
  static func find() -> String? {
    if let found { return found.first }
    let candidates = candidates()
    found = candidates
    if candidates.count > 1 {
      Console.warning(
        "using the vault \(candidates[0]); another vault is at \(candidates.dropFirst().joined(separator: ", ")) (pass --vault DIR to choose)"
      )
    }
    return candidates.first
  }

  /// What `find` found, once: a command asks more than once, and warns once.
  nonisolated(unsafe) private static var found: [String]?

  /// Every vault on the way up: this directory, then each `vault/` up to the repository's root.
  private static func candidates() -> [String] {
    var found = holdsVault(".") ? ["."] : []
    var up = ""
    var absolute = currentDirectory()
    while true {
      let candidate = up + "vault"
      if holdsVault(candidate) { found.append(candidate) }
      if access(absolute + "/.git", F_OK) == 0 || absolute == "/" || absolute.isEmpty { return found }
      up += "../"
      absolute = AtomicFile.parent(of: absolute)
    }
  }

  private static func holdsVault(_ directory: String) -> Bool {
    var info = stat()
    return lstat(directory + "/sealvault.yaml", &info) == 0
  }

  private static func currentDirectory() -> String {
    guard let cwd = getcwd(nil, 0) else { return "/" }
    defer { free(cwd) }
    return String(cString: cwd)
  }
}
