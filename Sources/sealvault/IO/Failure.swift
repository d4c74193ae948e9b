import Glibc
import SealFormat

/// A command's failure: what to tell the user and the exit status of CONTRACT §7.
struct Failure: Error {
  /// One line, printed as `error: message`; empty when `diagnostics` say it all.
  let message: String
  /// Located problems, printed as `path:line:col: error: ...` lines.
  let diagnostics: [Diagnostic]
  let status: Int32

  /// The operation failed (exit 1).
  static func failed(_ message: String) -> Failure { Failure(message: message, diagnostics: [], status: 1) }
  /// The command line is wrong (exit 2).
  static func usage(_ message: String) -> Failure { Failure(message: message, diagnostics: [], status: 2) }
  /// A file is invalid (exit 1).
  static func invalid(_ diagnostics: Diagnostics) -> Failure {
    Failure(message: "", diagnostics: diagnostics.items, status: 1)
  }

  /// The operating system's reason for the last failed call on `path`.
  static func system(_ path: String, _ what: String) -> Failure {
    .failed("\(path): \(what): \(String(cString: strerror(errno)))")
  }

  /// A vault that could not be read.
  static func vault(_ error: VaultError) -> Failure {
    if case .invalid(let diagnostics) = error { return .invalid(diagnostics) }
    return .failed(error.description)
  }

  /// Prints the failure to stderr.
  func report() {
    Console.report(diagnostics)
    if !message.isEmpty { Console.error(message) }
  }
}
