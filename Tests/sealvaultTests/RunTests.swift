import Foundation
import SealFormat
import Testing

@Suite struct RunTests {
  static let multiLine = "first-line-secret\nsecond-line-secret\n{\"json\": \"quoted\"}"

  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key-value")
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "deploy-key-value")
    box.write("multi.txt", Self.multiLine)
    box.run(["set", "-w", "deploy", "MULTI", "--from-file", "multi.txt"])
    box.run(["set", "-w", "deploy", "SHORT"], stdin: "abc")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func addsTheEffectiveSetToTheEnvironmentSecretsWinning() {
    let (box, env) = vault()
    let script = #"printf '%s|%s|%s' "$API_KEY" "$KEEP" "$SHORT""#
    let result = box.run(
      ["run", "-w", "deploy", "--", "sh", "-c", script],
      env: env.merging(["API_KEY": "inherited", "KEEP": "kept"]) { $1 })
    #expect(result.status == 0)
    #expect(result.stdout == "deploy-key-value|kept|abc")
    #expect(result.stderr == "")
    #expect(box.run(["run", "--", "sh", "-c", #"printf %s "$API_KEY""#], env: env).stdout == "global-key-value")
  }

  @Test func passesStdinAndTheExitStatus() {
    let (box, env) = vault()
    #expect(box.run(["run", "--", "cat"], stdin: "piped through\n", env: env).stdout == "piped through\n")
    #expect(box.run(["run", "--", "sh", "-c", "exit 7"], env: env).status == 7)
    #expect(box.run(["run", "--", "sh", "-c", "kill -KILL $$"], env: env).status == 137)
    let missing = box.run(["run", "--", "no-such-command-here"], env: env)
    #expect(missing.status == 127)
    #expect(missing.stderr == "error: no-such-command-here: command not found\n")
    box.write("not-executable.sh", "echo hi")
    #expect(box.run(["run", "--", "./not-executable.sh"], env: env).status == 126)
    #expect(box.run(["run", "-w", "deploy"], env: env).status == 2)
  }

  @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
  func forwardsSignals(_ signal: Int32) throws {
    let (box, env) = vault()
    let script = "trap 'exit 42' INT TERM HUP; echo ready > ready; while :; do sleep 0.05; done"
    let process = try box.start(["run", "--", "sh", "-c", script], env: env)
    while !box.exists("ready") { Thread.sleep(forTimeInterval: 0.02) }
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 42)
  }

  @Test func masksValuesSplitAcrossWritesAndOnBothStreams() {
    let (box, env) = vault()
    let script = """
      printf '%s' "$(printf '%s' "$API_KEY" | cut -c1-6)"; sleep 0.2; printf '%s\\n' "$(printf '%s' "$API_KEY" | cut -c7-)"
      printf 'err %s\\n' "$API_KEY" >&2
      printf 'short %s\\n' "$SHORT"
      """
    let result = box.run(["run", "-w", "deploy", "--mask", "--", "sh", "-c", script], env: env)
    #expect(result.status == 0)
    #expect(result.stdout == "***\nshort abc\n")
    #expect(result.stderr == "err ***\n")
  }

  @Test func masksLinesJSONAndBase64OfMultiLineValues() throws {
    let (box, env) = vault()
    let json = String(
      decoding: try JSONSerialization.data(withJSONObject: [Self.multiLine], options: []), as: UTF8.self)
    box.write("json.txt", String(json.dropFirst(2).dropLast(2)))
    let script = #"""
      echo "line: first-line-secret."
      echo "line: second-line-secret."
      printf 'json: %s\n' "$(cat json.txt)"
      printf 'b64: %s\n' "$(printf '%s' "$MULTI" | base64 -w0)"
      printf 'whole: %s\n' "$MULTI"
      """#
    let result = box.run(["run", "-w", "deploy", "--mask", "--", "sh", "-c", script], env: env)
    #expect(result.stdout == "line: ***.\nline: ***.\njson: ***\nb64: ***\nwhole: ***\n")
  }

  /// The JSON that Python, Go and PHP encoders write, and base64 wrapped as base64(1),
  /// MIME and PEM wrap it, are masked line by line too.
  @Test func masksCommonEncodersJSONAndWrappedBase64() {
    let (box, env) = vault()
    let value = "pässwörd<&>/" + String(repeating: "long-secret-", count: 8)
    box.run(["set", "-w", "deploy", "LONG"], stdin: value)
    let script = #"""
      python3 -c 'import json, os; print("py:", json.dumps(os.environ["LONG"]))'
      printf 'go: %s\n' "$(printf '%s' "$LONG" | sed 's/</\\u003c/g; s/>/\\u003e/g; s/&/\\u0026/g')"
      printf 'php: %s\n' "$(python3 -c 'import json, os; print(json.dumps(os.environ["LONG"]).replace("/", "\\/"))')"
      printf '%s' "$LONG" | base64
      printf '%s' "$LONG" | base64 -w 64
      """#
    let pathEnv = env.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 }
    let result = box.run(["run", "-w", "deploy", "--mask", "--", "sh", "-c", script], env: pathEnv)
    #expect(result.status == 0, "\(result.stderr)")
    // 110 bytes: 148 base64 characters, two lines at 76 columns and three at 64.
    #expect(result.stdout == "py: \"***\"\ngo: ***\nphp: \"***\"\n" + String(repeating: "***\n", count: 5))
  }

  /// A child printing without newlines must not grow sealvault's memory: 64 MiB of
  /// output through the masker, peak RSS measured by the kernel (ru_maxrss).
  @Test func maskingKeepsMemoryBounded() throws {
    let (box, env) = vault()
    let measured = box.execute(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import resource, subprocess, sys
        out = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        print(len(out), out.count(b"***"), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """,
        Sandbox.binary, "run", "-w", "deploy", "--mask", "--", "sh", "-c",
        #"head -c 67108864 /dev/zero | tr '\0' 'x'; printf '%s' "$API_KEY"; head -c 1048576 /dev/zero | tr '\0' 'd'"#,
      ], env: env)
    let output = measured.stdout
    let numbers = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(numbers.count == 3)
    #expect(numbers.first == 67_108_864 + 3 + 1_048_576)
    #expect(numbers.dropFirst().first == 1)
    #expect(Double(numbers.last ?? .max) < 48 * 1024 * Sandbox.sanitizerFactor, "peak RSS \(numbers.last ?? 0) KiB")
  }

  /// Thousands of secrets in one environment (built without recursion) and one masker
  /// (searched by binary search, not one pattern at a time).
  @Test func manySecretsReachTheCommandAndAreMasked() {
    let (box, env) = vault()
    let dotenv = (0..<5000).map { "MANY_\($0)=many-value-\(String($0 * 7919, radix: 36))" }.joined(separator: "\n")
    #expect(box.run(["import", "-w", "many", "-"], stdin: dotenv, env: env).status == 0)
    let script = #"printf '%s|%s|%s' "$MANY_0" "$MANY_4999" "$API_KEY""#
    let plain = box.run(["run", "-w", "many", "--", "sh", "-c", script], env: env)
    #expect(plain.stdout == "many-value-0|many-value-\(String(4999 * 7919, radix: 36))|global-key-value")
    let masked = box.run(
      ["run", "-w", "many", "--mask", "--", "sh", "-c", script + "; printf ' many-value-x'"], env: env)
    #expect(masked.stdout == "***|***|*** many-value-x")
  }

  /// A crash of sealvault prints one line, never Swift's backtracer's report (registers and
  /// the memory they point at); the command's environment is left as it was (no re-exec,
  /// no variable added), and a user who sets SWIFT_BACKTRACE keeps the backtracer.
  @Test func aCrashPrintsOneLineAndNoReport() throws {
    let (box, env) = vault()
    let script =
      #"tr '\0' '\n' < /proc/$PPID/environ | grep -c '^SWIFT_BACKTRACE='; env | grep -c '^SWIFT_BACKTRACE' || true"#
    #expect(box.run(["run", "--", "sh", "-c", script], env: env).stdout == "0\n0\n")
    let crash = try box.startCapturingStderr(["run", "--", "sleep", "3"], env: env)
    Thread.sleep(forTimeInterval: 0.5)
    kill(crash.process.processIdentifier, SIGSEGV)
    crash.process.waitUntilExit()
    let stderr = String(decoding: crash.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(stderr == "sealvault: crashed; no crash report is written (it could show a secret)\n")
    #expect(crash.process.terminationReason == .uncaughtSignal && crash.process.terminationStatus == SIGSEGV)
  }
}
