import Glibc
import SealFormat

/// Runs a helper program to its end and captures its stdout in secret memory (key text
/// from `$SEALVAULT_KEY_COMMAND`, git's output): stdin from /dev/null, stderr passed
/// through or discarded.
enum Subprocess {
  /// The helper's end, and its stdout (nil when it printed more than `limit` bytes).
  static func capture(_ argv: [String], quiet: Bool = false, limit: Int = 16 << 20) throws(Failure)
    -> (status: WaitStatus, output: SecretBytes?)
  {
    let (readEnd, writeEnd) = try makePipe()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
    if quiet { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
    var pid: pid_t = 0
    let status = withCStrings(argv) { posix_spawnp(&pid, argv[0], &actions, nil, $0, environ) }
    close(writeEnd)
    defer { close(readEnd) }
    guard status == 0 else { throw .failed("cannot run \(argv[0]): \(String(cString: strerror(status)))") }
    let output = try SecretInput.readAll(readEnd, limit: limit, name: argv[0])
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    return (WaitStatus(raw), output)
  }

  /// A pipe whose ends close on exec (a child gets only the end it is given with dup2).
  static func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
      throw .system("pipe", "cannot create pipe")
    }
    return (fds[0], fds[1])
  }
}
