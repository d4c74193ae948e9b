import Glibc

/// Finds the vault from the current directory, so every command works from any
/// subdirectory: the current directory when it holds `sealvault.yaml`, else the nearest
/// `vault/` holding one in it or a parent, up to the root of the git repository (the first
/// directory holding `.git`), or `/` outside one. Paths are relative (`../../vault`), so
/// messages stay short.
enum VaultDiscovery {
  static func find() -> String? {
    if holdsVault(".") { return "." }
    var up = ""
    var absolute = currentDirectory()
    while true {
      let candidate = up + "vault"
      if holdsVault(candidate) { return candidate }
      if access(absolute + "/.git", F_OK) == 0 || absolute == "/" || absolute.isEmpty { return nil }
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
