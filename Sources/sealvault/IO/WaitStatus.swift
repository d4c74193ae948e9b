/// A child's end as `waitpid` reports it.
struct WaitStatus: CustomStringConvertible {
  let raw: Int32

  init(_ raw: Int32) { self.raw = raw }

  /// The signal that killed the child, if one did.
  var signal: Int32? { raw & 0x7f == 0 ? nil : raw & 0x7f }
  /// The exit code, or 128+N when killed by signal N (as shells report it).
  var exitCode: Int32 { signal.map { 128 + $0 } ?? (raw >> 8) & 0xff }

  var description: String {
    signal.map { "killed by signal \($0)" } ?? "exit status \(exitCode)"
  }
}
