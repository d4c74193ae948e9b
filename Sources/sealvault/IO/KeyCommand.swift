import SealFormat

/// Runs `$SEALVAULT_KEY_COMMAND` once, so an executor can fetch its key from a secret
/// manager at start: `/bin/sh -c`, stdin from /dev/null, stderr passed through, stdout
/// read into secret memory.
enum KeyCommand {
  static func run(_ command: String) throws(Failure) -> SecretBytes {
    let (status, output) = try Subprocess.capture(["/bin/sh", "-c", command], limit: 1 << 20)
    // Over the limit first: the command was then stopped, which is not its own failure.
    guard let output else { throw .failed("$SEALVAULT_KEY_COMMAND printed over 1 MiB (stopped)") }
    guard status.raw == 0 else { throw .failed("$SEALVAULT_KEY_COMMAND failed: \(status)") }
    return output
  }
}
