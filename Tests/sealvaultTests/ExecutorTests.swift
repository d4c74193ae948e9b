import Foundation
import SealFormat
import Testing

/// CONTRACT §5 (v2) for executors: `get`, `--output FILE`, and the docker, github and k8s
/// export formats, each read back by its real reader or one written from its documented rules.
@Suite struct ExecutorTests {
  static let multiLine = "-----BEGIN KEY-----\nabc=\n-----END KEY-----"

  func vault() -> (Sandbox, [String: String]) {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key")
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "deploy \"key\" $HOME #x")
    box.run(["set", "-w", "deploy", "123"], stdin: "numeric-name")
    return (box, ["SEALVAULT_KEY_FILE": box.path("keys/fixture.key")])
  }

  @Test func getWritesOneValueExactly() {
    let (box, env) = vault()
    box.write("multi.txt", Self.multiLine + "\n")
    box.run(["set", "-w", "deploy", "PEM", "--from-file", "multi.txt"])
    #expect(box.run(["get", "-w", "deploy", "PEM"], env: env).stdout == Self.multiLine + "\n")
    #expect(box.run(["get", "API_KEY"], env: env).stdout == "global-key")
    let unknown = box.run(["get", "-w", "deploy", "api_key"], env: env)
    #expect(unknown.status == 1)
    #expect(unknown.stderr == "error: api_key is UNKNOWN in workflow deploy; did you mean 'API_KEY'?\n")
    #expect(box.run(["get", "GONE"], env: env).stderr == "error: GONE is UNKNOWN in global\n")
    #expect(box.run(["get", "bad name"], env: env).status == 2)
  }

  @Test func outputWritesAFileOfMode600Atomically() throws {
    let (box, env) = vault()
    box.write("out.json", "old", mode: 0o644)
    for command in [["get", "API_KEY"], ["export"], ["render", "t.txt"]] {
      box.write("t.txt", "k=@{API_KEY}")
      let result = box.run(command + ["--output", "out.json"], env: env)
      #expect(result.status == 0, "\(command)")
      #expect(result.stdout == "")
      #expect(box.mode("out.json") == 0o600)
    }
    #expect(box.read("out.json") == "k=global-key")
    let failed = box.run(["get", "GONE", "--output", "out.json"], env: env)
    #expect(failed.status == 1)
    #expect(box.read("out.json") == "k=global-key")
    let (status, shown) = try box.runInTerminal(
      ["get", "API_KEY", "--output", "tty.out"] + ["--key-file", "keys/fixture.key"])
    #expect(status == 0)
    #expect(!shown.contains("global-key"))
    #expect(box.read("tty.out") == "global-key")
  }

  /// docker's documented `--env-file` rules: a line per variable, `#` lines and blank lines
  /// skipped, the line's leading whitespace trimmed, NAME up to the first `=`, the rest the
  /// value literally (quotes included), a final CR dropped.
  static func dockerEnvFile(_ text: String) -> [String: String] {
    var values: [String: String] = [:]
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = Substring(raw.hasSuffix("\r") ? raw.dropLast() : raw)
      line = line.drop { $0 == " " || $0 == "\t" }
      guard !line.isEmpty, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
      values[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return values
  }

  @Test func dockerEnvFileReadsBackLiterallyAndRefusesLineEnds() {
    let (box, env) = vault()
    let result = box.run(["export", "-w", "deploy", "--format", "docker"], env: env)
    #expect(result.status == 0)
    #expect(Self.dockerEnvFile(result.stdout) == ["API_KEY": "deploy \"key\" $HOME #x", "123": "numeric-name"])
    box.write("multi.txt", Self.multiLine)
    box.run(["set", "-w", "deploy", "PEM", "--from-file", "multi.txt"])
    let refused = box.run(["export", "-w", "deploy", "--format", "docker"], env: env)
    #expect(refused.status == 1)
    #expect(refused.stdout == "")
    #expect(refused.stderr.hasPrefix("error: 'PEM': a value holding a line end cannot be written for docker"))
  }

  /// GitHub's documented `$GITHUB_ENV` rules: `NAME=value` on one line, or `NAME<<DELIM`,
  /// the value's lines, and a line that is exactly `DELIM`.
  static func githubEnv(_ text: String) -> [String: String] {
    var values: [String: String] = [:]
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
    while let line = lines.popFirst(), !line.isEmpty {
      if let marker = line.range(of: "<<") {
        let delimiter = String(line[marker.upperBound...])
        var body: [String] = []
        while let next = lines.popFirst(), next != delimiter { body.append(next) }
        values[String(line[..<marker.lowerBound])] = body.joined(separator: "\n")
      } else if let equals = line.firstIndex(of: "=") {
        values[String(line[..<equals])] = String(line[line.index(after: equals)...])
      }
    }
    return values
  }

  @Test func githubEnvHeredocsCannotBeEndedByAValue() {
    let (box, env) = vault()
    let hostile = "line1\nEOF\nghadelimiter_\nINJECTED=1"
    box.write("hostile.txt", hostile)
    box.run(["set", "-w", "deploy", "HOSTILE", "--from-file", "hostile.txt"])
    box.write("multi.txt", Self.multiLine)
    box.run(["set", "-w", "deploy", "PEM", "--from-file", "multi.txt"])
    let first = box.run(["export", "-w", "deploy", "--format", "github"], env: env)
    #expect(first.status == 0)
    #expect(
      Self.githubEnv(first.stdout) == [
        "API_KEY": "deploy \"key\" $HOME #x", "123": "numeric-name", "HOSTILE": hostile, "PEM": Self.multiLine,
      ])
    let delimiters = first.stdout.split(separator: "\n").filter { $0.contains("<<") }.map {
      $0.split(separator: "<")[1]
    }
    #expect(Swift.Set(delimiters).count == 4)
    #expect(box.run(["export", "-w", "deploy", "--format", "github"], env: env).stdout != first.stdout)
  }

  @Test func kubernetesManifestReadsBackWithPyYAML() {
    let (box, env) = vault()
    let result = box.run(
      ["export", "-w", "deploy", "--format", "k8s", "--name", "deploy-secrets", "--namespace", "prod"], env: env)
    #expect(result.status == 0)
    box.write("secret.yaml", result.stdout)
    let check = box.execute(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import base64, yaml
        doc = yaml.safe_load(open("secret.yaml"))
        assert doc["apiVersion"] == "v1" and doc["kind"] == "Secret" and doc["type"] == "Opaque", doc
        assert doc["metadata"] == {"name": "deploy-secrets", "namespace": "prod"}, doc["metadata"]
        data = {k: base64.b64decode(v).decode() for k, v in doc["data"].items()}
        assert data == {"API_KEY": 'deploy "key" $HOME #x', "123": "numeric-name"}, data
        """,
      ], env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(box.run(["export", "--format", "k8s"], env: env).status == 2)
    #expect(box.run(["export", "--format", "k8s", "--name", "Bad_Name"], env: env).status == 2)
    #expect(box.run(["export", "--name", "x"], env: env).status == 2)
  }
}
