import Glibc
import SealFormat

/// The child of `run`: spawned with the secrets added to its environment, its signals
/// forwarded, and (with `--mask`) its stdout and stderr filtered through a `Masker`.
enum ChildProcess {
  /// The child's pid, for the signal handler (which may not capture context).
  nonisolated(unsafe) private static var child: pid_t = 0
  private static let forwarded = [SIGINT, SIGTERM, SIGHUP]

  /// Runs `command` and returns the exit status `run` ends with: the child's, 128+N when
  /// signal N killed it, 127 when it is not found, 126 when it cannot be executed.
  static func run(_ command: [String], values: [(name: SecretName, value: SecretValue)], mask: Bool) throws(Failure)
    -> Int32
  {
    var blocked = sigset_t()
    sigemptyset(&blocked)
    for signal in forwarded { sigaddset(&blocked, signal) }
    sigprocmask(SIG_BLOCK, &blocked, nil)
    // Unblocked once the handlers are in place, even if whoever started sealvault had them blocked.
    defer { sigprocmask(SIG_UNBLOCK, &blocked, nil) }

    let pipes = mask ? [try makePipe(), try makePipe()] : []
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (index, pipe) in pipes.enumerated() { posix_spawn_file_actions_adddup2(&actions, pipe.write, Int32(index + 1)) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

    var pid: pid_t = 0
    let status = Environment.withChildEnvironment(values) { environment in
      withCStrings(command) { argv in posix_spawnp(&pid, command[0], &actions, &attributes, argv, environment) }
    }
    for pipe in pipes { close(pipe.write) }
    switch status {
    case 0: break
    case ENOENT:
      Console.error("\(command[0]): command not found")
      return 127
    default:
      Console.error("\(command[0]): cannot run: \(String(cString: strerror(status)))")
      return 126
    }
    child = pid
    installForwarding()
    sigprocmask(SIG_UNBLOCK, &blocked, nil)
    if mask {
      let maskers = [Masker(values: values.map(\.value)), Masker(values: values.map(\.value))]
      relay(from: pipes.map(\.read), through: maskers)
    }
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    return WaitStatus(raw).exitCode
  }

  /// Forwards SIGINT, SIGTERM and SIGHUP sent by another process (`kill`) to the child. A
  /// signal from the terminal already reached the child, which shares the foreground
  /// process group, so it is not sent twice.
  private static func installForwarding() {
    for signal in forwarded {
      var action = sigaction()
      action.sa_flags = SA_SIGINFO | SA_RESTART
      action.__sigaction_handler.sa_sigaction = { number, info, _ in
        guard let info, info.pointee.si_code <= 0, ChildProcess.child > 0 else { return }
        kill(ChildProcess.child, number)
      }
      sigaction(signal, &action, nil)
    }
  }

  private static func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
      throw .system("run", "cannot create pipe")
    }
    return (fds[0], fds[1])
  }

  /// Copies each pipe to the matching stream (stdout, stderr) through its masker, until both end.
  private static func relay(from fds: [Int32], through maskers: [Masker]) {
    var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    var open = fds.count
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while open > 0 {
      guard poll(&polls, nfds_t(polls.count), -1) >= 0 || errno == EINTR else { break }
      for index in polls.indices where polls[index].fd >= 0 && polls[index].revents != 0 {
        let count = chunk.withUnsafeMutableBytes { read(polls[index].fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        let out: [UInt8]
        if count > 0 {
          out = chunk.withUnsafeBytes { maskers[index].feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        } else {
          out = maskers[index].finish()
          close(polls[index].fd)
          polls[index].fd = -1
          open -= 1
        }
        _ = out.withUnsafeBytes { Console.writeAll(Int32(index + 1), $0) }
      }
    }
  }
}

/// Calls `body` with a NULL-terminated C array of `strings`.
func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
  let pointers = strings.map { strdup($0) } + [nil]
  defer { for pointer in pointers { free(pointer) } }
  return body(pointers)
}
