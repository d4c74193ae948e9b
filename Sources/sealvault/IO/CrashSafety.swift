internal import CProcess
import Glibc

/// Keeps values and keys out of what a crash or another process could see: no core dump,
/// no ptrace or `/proc/PID/mem` by other processes of the user, and no crash report of
/// memory contents.
enum CrashSafety {
  /// The core-dump limit the user had, which `run`'s command starts with again.
  nonisolated(unsafe) private static var userCoreLimit = rlimit()

  /// Unless the user chose a `SWIFT_BACKTRACE` setting, replaces the handlers of Swift's
  /// crash backtracer (on a crash it prints registers and the memory they point at, which
  /// may hold a value) with sealvault's own, which print one line; the environment is left
  /// as it is, so `run`'s command gets it unchanged. Then makes the process not dumpable
  /// and sets its own core limit to 0, keeping the hard limit so a child can get the
  /// user's back.
  static func apply() {
    if getenv("SWIFT_BACKTRACE") == nil { sealvault_install_crash_handlers() }
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
}
