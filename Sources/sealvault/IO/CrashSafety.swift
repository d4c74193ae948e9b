internal import CProcess
import Glibc

/// Keeps values and keys out of what a crash or another process could see: no core dump,
/// no ptrace or `/proc/PID/mem` by other processes of the user, and no crash report of
/// memory contents.
enum CrashSafety {
  /// Set when sealvault itself turned Swift's backtracer off, so `run` can leave the
  /// child's environment as the user had it.
  static let marker = "SEALVAULT_BACKTRACE_OFF"

  /// The core-dump limit the user had, which `run`'s command starts with again.
  nonisolated(unsafe) private static var userCoreLimit = rlimit()

  /// Unless the user chose a `SWIFT_BACKTRACE` setting, restarts the process once with the
  /// backtracer off (on a crash it prints registers and the memory they point at, which may
  /// hold a value, and it reads its setting only at start); if the restart is impossible
  /// (no /proc), sealvault goes on as it is. Then makes the process not dumpable and sets
  /// its own core limit to 0, keeping the hard limit so a child can get the user's back.
  static func apply() {
    if getenv("SWIFT_BACKTRACE") == nil {
      setenv("SWIFT_BACKTRACE", "enable=no", 1)
      setenv(marker, "1", 1)
      execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
    _ = sealvault_set_not_dumpable()
    getrlimit(Int32(RLIMIT_CORE.rawValue), &userCoreLimit)
    setCoreLimit(0)
  }

  /// Calls `body` (which starts a child) with the user's core limit in force, so the child
  /// inherits it; sealvault's own is 0 again when `body` returns. sealvault stays not
  /// dumpable meanwhile, so it leaves no core itself.
  static func withUserCoreLimit<Result>(_ body: () -> Result) -> Result {
    setCoreLimit(userCoreLimit.rlim_cur)
    defer { setCoreLimit(0) }
    return body()
  }

  private static func setCoreLimit(_ soft: rlim_t) {
    var limit = rlimit(rlim_cur: soft, rlim_max: userCoreLimit.rlim_max)
    setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
  }

  /// The variables `apply` added, which a child of `run` should not inherit.
  static var addedVariables: [String] {
    getenv(marker) == nil ? [] : ["SWIFT_BACKTRACE", marker]
  }
}
