import Glibc
import SealFormat

/// Runs a helper program to its end and captures its stdout in secret memory (key text
/// from `$SEALVAULT_KEY_COMMAND`, git's output): stdin from /dev/null, stderr passed
/// through or discarded.
enum Subprocess {
  /// The helper's end, and its stdout (nil when it printed more than `limit` bytes).
  static func capture(_ argv: [String], quiet: Bool = false, limit: Int = Vault.maxFileBytes) throws(Failure)
    -> (status: WaitStatus, output: SecretBytes?)
  {
    let (readEnd, writeEnd) = try Spawn.makePipe()
    defer { close(readEnd) }
    let pid: pid_t
    do {
      pid = try Spawn.start(
        argv, environment: environ,
        redirections: [.null(0), .duplicate(writeEnd, as: 1)] + (quiet ? [.null(2)] : []))
    } catch {
      close(writeEnd)
      var failure = error
      failure.exitStatus = 1  // 127 and 126 are `run`'s, for its own command
      throw failure
    }
    close(writeEnd)
    let output: SecretBytes?
    do { output = try SecretInput.readAll(readEnd, limit: limit, name: argv[0]) } catch {
      kill(pid, SIGKILL)
      _ = Spawn.wait(pid)
      throw error
    }
    // Over the limit, the child may be blocked writing the rest: it is not waited for.
    if output == nil { kill(pid, SIGKILL) }
    return (Spawn.wait(pid), output)
  }
}
