import Foundation
import Testing

/// README's "Five minutes" runs as written from an empty directory (with the built binary
/// in place of the release build, and the sandbox in place of /tmp/try).
@Suite struct WalkthroughTests {
  static func block(after heading: String) -> [String] {
    let readme = Sandbox.tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
      "README.md")
    let text = (try? String(contentsOf: readme, encoding: .utf8)) ?? ""
    guard let section = text.range(of: heading),
      let start = text.range(of: "```sh\n", range: section.upperBound..<text.endIndex),
      let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
    else { return [] }
    return text[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
  }

  @Test func theFiveMinuteWalkthroughRunsAsWritten() {
    let box = Sandbox()
    var lines = Self.block(after: "## Five minutes")
    #expect(lines.first?.hasPrefix("swift build -c release") == true)
    lines[0] = "export PATH=\"\(URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent().path):$PATH\""
    let script = "set -eu\n" + lines.joined(separator: "\n").replacingOccurrences(of: "/tmp/try", with: box.path("try"))
    let result = box.execute(
      "/bin/bash", ["-c", script],
      env: [
        "GIT_AUTHOR_NAME": "you", "GIT_AUTHOR_EMAIL": "you@example.com", "GIT_COMMITTER_NAME": "you",
        "GIT_COMMITTER_EMAIL": "you@example.com",
      ])
    #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    #expect(result.stdout.contains("deploying with a 11-byte token to ***"))
    #expect(!result.stdout.contains("tok3n") && !result.stderr.contains("tok3n"))
    #expect(!box.exists("try/token.txt") && !box.exists("try/.env"))
    let log = box.execute("/usr/bin/git", ["log", "--oneline"], in: "try")
    #expect(log.stdout.contains("Add deploy secrets"))
  }
}
