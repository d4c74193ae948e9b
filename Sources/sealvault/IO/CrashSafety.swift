import Glibc

/// Keeps values out of what a crash leaves behind: no core dump, and no crash report of
/// memory contents.
enum CrashSafety {
  /// Set when sealvault itself turned Swift's backtracer off, so `run` can leave the
  /// child's environment as the user had it.
  static let marker = "SEALVAULT_BACKTRACE_OFF"

  /// Sets `RLIMIT_CORE` to 0 and, unless the user chose a `SWIFT_BACKTRACE` setting,
  /// restarts the process once with the backtracer off: on a crash it prints registers and
  /// the memory they point at, which may hold a value, and it reads its setting only at
  /// start. If the restart is impossible (no /proc), sealvault goes on as it is.
  static func apply() {
    var limit = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
    guard getenv("SWIFT_BACKTRACE") == nil else { return }
    setenv("SWIFT_BACKTRACE", "enable=no", 1)
    setenv(marker, "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
  }

  /// The variables `apply` added, which a child of `run` should not inherit.
  static var addedVariables: [String] {
    getenv(marker) == nil ? [] : ["SWIFT_BACKTRACE", marker]
  }
}
