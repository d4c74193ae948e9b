import Glibc
import SealFormat

/// The child of `run`: spawned with the secrets added to its environment, its signals
/// forwarded, and (with `--mask`) its stdout and stderr filtered through a `Masker`.
struct ChildProcess {
  /// The child's pid, for the signal handler (which may not capture context).
  nonisolated(unsafe) private static var child: pid_t = 0
  private static let forwarded = [SIGINT, SIGTERM, SIGHUP]

  private let pid: pid_t
  /// The read ends of the child's stdout and stderr with their maskers, under `--mask`.
  private let masked: [(fd: Int32, masker: Masker)]

  /// Starts `command`; the caller may release `values` as soon as this returns (the
  /// environment built from them is already wiped; maskers keep their own copies, and mask
  /// the text of `keys` too). A command that cannot start is a `Failure` with exit status
  /// 127 (not found) or 126 (cannot be executed).
  static func start(
    _ command: [String], values: [(name: SecretName, value: SecretValue)], mask: Bool, keys: [PrivateKey]
  ) throws(Failure) -> ChildProcess {
    var blocked = sigset_t()
    sigemptyset(&blocked)
    for signal in forwarded { sigaddset(&blocked, signal) }
    sigprocmask(SIG_BLOCK, &blocked, nil)
    // Unblocked once the handlers are in place, even if whoever started sealvault had them blocked.
    defer { sigprocmask(SIG_UNBLOCK, &blocked, nil) }

    let pipes = mask ? [try Spawn.makePipe(), try Spawn.makePipe()] : []
    defer { for pipe in pipes { close(pipe.write) } }
    let redirections = pipes.enumerated().map {
      Spawn.Redirection.duplicate($0.element.write, as: Int32($0.offset + 1))
    }
    let pid = try Environment.withChildEnvironment(values) { (environment) throws(Failure) in
      try Spawn.start(command, environment: environment, redirections: redirections, clearSignalMask: true)
    }
    child = pid
    installForwarding()
    sigprocmask(SIG_UNBLOCK, &blocked, nil)
    let secrets = values.map(\.value.bytes) + keys.flatMap { [$0.text(), $0.base64Text()] }
    let masked = pipes.map { (fd: $0.read, masker: Masker(secrets: secrets)) }
    return ChildProcess(pid: pid, masked: masked)
  }

  /// Relays masked output until it ends, then returns the exit status `run` ends with:
  /// the child's, or 128+N when signal N killed it.
  func wait() -> Int32 {
    if !masked.isEmpty { Self.relay(masked) }
    return Spawn.wait(pid).exitCode
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

  /// Copies each pipe to the matching stream (stdout, stderr) through its masker, until both end.
  private static func relay(_ masked: [(fd: Int32, masker: Masker)]) {
    let maskers = masked.map(\.masker)
    var polls = masked.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
    var open = polls.count
    let chunk = SecretBytes(count: 1 << 16)  // the child's output, values included, before masking
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
