import Glibc
import SealFiles
import SealFormat

/// A failed operation (exit 1 per CONTRACT §7; usage errors are ArgumentParser's, exit 2):
/// what to tell the user.
struct Failure: Error {
  /// One line, printed as `error: message`; empty when `diagnostics` say it all.
  let message: String
  /// Located problems, printed as `path:line:col: error: ...` lines.
  let diagnostics: [Diagnostic]
  /// The status sealvault exits with: 1, or 127 and 126 for a command `run` cannot start.
  var exitStatus: Int32 = 1

  /// The operation failed.
  static func failed(_ message: String) -> Failure { Failure(message: message, diagnostics: []) }
  /// A file is invalid (exit 1).
  static func invalid(_ diagnostics: Diagnostics) -> Failure {
    Failure(message: "", diagnostics: diagnostics.items)
  }

  /// The operating system's reason for the last failed call on `path`.
  static func system(_ path: String, _ what: String) -> Failure {
    .failed("\(path): \(what): \(String(cString: strerror(errno)))")
  }

  /// A file that could not be read, as a problem of the whole file (`path:1:1: error:`).
  static func file(_ failure: VaultFileError) -> Failure { .invalid(Diagnostics([failure.diagnostic])) }

  /// A vault that could not be read.
  static func vault(_ error: VaultError) -> Failure {
    switch error {
    case .invalid(let diagnostics): return .invalid(diagnostics)
    case .unreadable(let failure): return .file(failure)
    case .missing(let directory):
      return .failed("\(error); create one with `sealvault init --vault \(directory)`")
    }
  }

  /// Prints the failure to stderr.
  func report() {
    Console.report(diagnostics)
    if !message.isEmpty { Console.error(message) }
  }
}
