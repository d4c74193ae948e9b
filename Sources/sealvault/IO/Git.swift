import Glibc
import SealFormat

/// The git repository around the vault, driven through the `git` command.
struct Git {
  /// The repository's top-level directory (absolute).
  let root: String

  /// The repository containing the current directory; fails outside one.
  init(purpose: String) throws(Failure) {
    guard let top = try? Self.run(["rev-parse", "--show-toplevel"], quiet: true) else {
      throw .failed("not inside a git repository; \(purpose)")
    }
    root = Self.resolve(String(top.dropLast()))
  }

  /// git's stdout for `arguments` as text, or a failure naming the command.
  @discardableResult
  static func run(_ arguments: [String], quiet: Bool = false) throws(Failure) -> String {
    String(decoding: try output(arguments, quiet: quiet), as: UTF8.self)
  }

  /// git's stdout for `arguments` as bytes (file contents), or a failure naming the command.
  static func output(_ arguments: [String], quiet: Bool = false) throws(Failure) -> [UInt8] {
    let (status, output) = try Subprocess.capture(["git"] + arguments, quiet: quiet)
    guard status.raw == 0, let output else {
      throw .failed("git \(arguments.joined(separator: " ")) failed: \(status)")
    }
    return output.withUnsafeBytes { Array($0) }
  }

  /// `path` (relative to the current directory, or absolute) relative to the repository's
  /// root; nil when it lies outside the repository.
  func relative(_ path: String) -> String? {
    let absolute = Self.resolve(path)
    if absolute == root { return "" }
    guard absolute.hasPrefix(root + "/") else { return nil }
    return String(absolute.dropFirst(root.count + 1))
  }

  /// The absolute, symlink-free form of `path`.
  static func resolve(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
