import Glibc
import SealFormat

/// Runs `$SEALVAULT_KEY_COMMAND` once, so an executor can fetch its key from a secret
/// manager at start: `/bin/sh -c`, stdin from /dev/null, stderr passed through, stdout
/// read into secret memory.
enum KeyCommand {
  static func run(_ command: String) throws(Failure) -> SecretBytes {
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0, fcntl(pipe[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(pipe[1], F_SETFD, FD_CLOEXEC) == 0
    else { throw .system("$SEALVAULT_KEY_COMMAND", "cannot create pipe") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
    defer { for arg in argv { free(arg) } }
    let status = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
    close(pipe[1])
    defer { close(pipe[0]) }
    guard status == 0 else {
      throw .failed("$SEALVAULT_KEY_COMMAND: cannot run /bin/sh: \(String(cString: strerror(status)))")
    }
    let output = try SecretInput.readAll(pipe[0], limit: 1 << 20, name: "$SEALVAULT_KEY_COMMAND")
    var exit: Int32 = 0
    while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
    guard exit == 0 else { throw .failed("$SEALVAULT_KEY_COMMAND failed: \(WaitStatus(exit))") }
    guard let output else { throw .failed("$SEALVAULT_KEY_COMMAND printed over 1 MiB") }
    return output
  }
}
