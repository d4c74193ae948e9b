import Foundation

/// A run of sealvault with what it cost: CPU seconds (user and system, so a loaded machine
/// does not make it look slower) and peak resident memory, from `wait4`'s rusage of that
/// one process.
struct Measured {
  let output: Sandbox.Output
  let seconds: Double
  let mebibytes: Double
}

extension Sandbox {
  /// Python starts sealvault and reads its rusage: a child spawned by the test process
  /// itself would count the test process's memory as its own (Linux charges the memory of
  /// the process that `exec`s to the peak of the one it becomes).
  private static let meter = """
    import os, sys
    pid = os.spawnv(os.P_NOWAIT, sys.argv[2], sys.argv[2:])
    _, status, usage = os.wait4(pid, 0)
    with open(sys.argv[1], "w") as out:
        out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
    """

  /// Runs `sealvault args` in `directory` with stdin from /dev/null, measuring it.
  func measured(_ args: [String], in directory: String = ".", env extra: [String: String] = [:]) -> Measured {
    let report = path(".measured")
    let output = execute("/usr/bin/python3", ["-c", Self.meter, report, Self.binary] + args, env: extra, in: directory)
    let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(separator: " ")
    try? FileManager.default.removeItem(atPath: report)
    guard fields.count == 3, let status = Int32(fields[0]), let seconds = Double(fields[1]), let kib = Double(fields[2])
    else { return Measured(output: output, seconds: .infinity, mebibytes: .infinity) }
    let exit = status < 0 ? 128 - status : status
    return Measured(
      output: Sandbox.Output(status: exit, stdout: output.stdout, stderr: output.stderr), seconds: seconds,
      mebibytes: kib / 1024)
  }
}
