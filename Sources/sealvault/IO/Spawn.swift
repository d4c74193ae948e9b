import Glibc

/// Starts a program with `posix_spawnp`, every return code checked: the one way sealvault
/// starts a child (`run`'s command, the key command, git). A program that cannot start is a
/// `Failure` whose exit status is 127 (not found) or 126 (cannot be executed), as shells say.
enum Spawn {
  /// What the child gets in place of the parent's descriptors.
  enum Redirection {
    /// `fd` becomes a copy of `source` (a pipe's end).
    case duplicate(_ source: Int32, as: Int32)
    /// `fd` is opened on `/dev/null`.
    case null(Int32)
  }

  /// Starts `argv` with `environment` (a NULL-terminated array); the signal mask is
  /// cleared for the child when `clearSignalMask`.
  static func start(
    _ argv: [String], environment: UnsafePointer<UnsafeMutablePointer<CChar>?>, redirections: [Redirection],
    clearSignalMask: Bool = false
  ) throws(Failure) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    try check(posix_spawn_file_actions_init(&actions), argv)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for redirection in redirections {
      switch redirection {
      case .duplicate(let source, let fd): try check(posix_spawn_file_actions_adddup2(&actions, source, fd), argv)
      case .null(let fd):
        let flags = fd == 0 ? O_RDONLY : O_WRONLY
        try check(posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", flags, 0), argv)
      }
    }
    var attributes = posix_spawnattr_t()
    try check(posix_spawnattr_init(&attributes), argv)
    defer { posix_spawnattr_destroy(&attributes) }
    if clearSignalMask {
      var empty = sigset_t()
      sigemptyset(&empty)
      try check(posix_spawnattr_setsigmask(&attributes, &empty), argv)
      try check(posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK)), argv)
    }
    var pid: pid_t = 0
    let status = withCStrings(argv) { pointers in
      CrashSafety.withUserCoreLimit { posix_spawnp(&pid, argv[0], &actions, &attributes, pointers, environment) }
    }
    switch status {
    case 0: return pid
    case ENOENT: throw Failure(message: "\(argv[0]): command not found", diagnostics: [], exitStatus: 127)
    default:
      throw Failure(
        message: "\(argv[0]): cannot run: \(String(cString: strerror(status)))", diagnostics: [], exitStatus: 126)
    }
  }

  /// Waits for `pid` to end, through interruptions.
  static func wait(_ pid: pid_t) -> WaitStatus {
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    return WaitStatus(raw)
  }

  /// A pipe whose ends close on exec (a child gets only the end it is given with dup2).
  static func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
      throw .system("pipe", "cannot create pipe")
    }
    return (fds[0], fds[1])
  }

  private static func check(_ status: Int32, _ argv: [String]) throws(Failure) {
    guard status == 0 else { throw .failed("cannot start \(argv[0]): \(String(cString: strerror(status)))") }
  }
}

/// Calls `body` with a NULL-terminated C array of `strings`.
func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
  let pointers = strings.map { strdup($0) } + [nil]
  defer { for pointer in pointers { free(pointer) } }
  return body(pointers)
}
