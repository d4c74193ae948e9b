import Glibc
import SealFormat

/// stdout for data, stderr for messages; `error:` in color only when stderr is a terminal.
enum Console {
  /// Where data and messages go: stdout and stderr, or the files an in-process test reads.
  nonisolated(unsafe) static var streams: (out: Int32, err: Int32) = (1, 2)

  /// Writes data to stdout.
  static func out(_ text: String) {
    write(streams.out, Array(text.utf8))
  }

  /// Writes a message line to stderr; control characters (from file names anyone can
  /// commit) are escaped, so no message can drive the terminal or forge a line.
  static func note(_ text: String) {
    line(printable(text))
  }

  /// `text` with C0 controls and DEL written as `\u{..}`.
  static func printable(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Writes `error: message` to stderr.
  static func error(_ message: String) {
    line("\(label("error:", color: "31")) \(printable(message))")
  }

  /// Writes `warning: message` to stderr.
  static func warning(_ message: String) {
    line("\(label("warning:", color: "33")) \(printable(message))")
  }

  /// The most lines of problems (or of warnings) written for one file: a million unknown
  /// placeholders give this many and a count, not a million lines.
  static let linesPerFile = Diagnostics.shownPerFile

  /// Writes located diagnostics, coloring their `error:`.
  static func report(_ diagnostics: [Diagnostic]) {
    located(diagnostics, "problem") { diagnostic in
      "\(printable(diagnostic.location)) \(label("error:", color: "31")) \(printable(diagnostic.message + hint(diagnostic.kind)))"
    }
  }

  /// Writes located problems that do not fail the command.
  static func warnings(_ diagnostics: [Diagnostic]) {
    located(diagnostics, "warning") { warningLine($0) }
  }

  /// Writes each diagnostic's line, at most `linesPerFile` for one file, then one line per
  /// file that had more, with the count of those not shown.
  private static func located(_ diagnostics: [Diagnostic], _ noun: String, _ text: (Diagnostic) -> String) {
    var shown: [String: Int] = [:]
    var omitted: [(path: String, count: Int)] = []
    for diagnostic in diagnostics {
      let count = shown[diagnostic.path, default: 0]
      shown[diagnostic.path] = count + 1
      if count < linesPerFile {
        line(text(diagnostic))
      } else if count == linesPerFile {
        omitted.append((diagnostic.path, 0))
      }
    }
    for (path, _) in omitted {
      let more = shown[path]! - linesPerFile
      line("\(printable(path)): \(more) more \(noun)\(more == 1 ? "" : "s") not shown (the first \(linesPerFile) are)")
    }
  }

  /// One line to stderr, already made printable (labels may carry colour).
  private static func line(_ text: String) {
    write(streams.err, Array((text + "\n").utf8))
  }

  /// What the CLI adds to a problem the library reports: the command that fixes it.
  private static func hint(_ kind: Diagnostic.Kind?) -> String {
    switch kind {
    case .notSealed: "; seal values with `sealvault set`"
    case .conflictMarker: ", then run `sealvault check`"
    case .doesNotOpen: " (`sealvault check --open` tells which)"
    case .omitted, nil: ""
    }
  }

  /// Writes a located problem that does not fail the command.
  static func warning(_ diagnostic: Diagnostic, suffix: String = "") {
    line(warningLine(diagnostic, suffix: suffix))
  }

  private static func warningLine(_ diagnostic: Diagnostic, suffix: String = "") -> String {
    "\(printable(diagnostic.location)) \(label("warning:", color: "33")) \(printable(diagnostic.message + suffix))"
  }

  /// Writes raw bytes to stdout (a rendered chunk, a file shown as it is).
  static func write(raw: UnsafeRawBufferPointer) { _ = writeAll(streams.out, raw) }

  /// Writes secret bytes (a rendered template, an export) to stdout.
  static func write(_ bytes: SecretBytes) {
    _ = bytes.withUnsafeBytes { writeAll(streams.out, $0) }
  }

  private static var colored: Bool { isatty(streams.err) == 1 && getenv("NO_COLOR") == nil }

  private static func label(_ text: String, color: String) -> String {
    colored ? "\u{1B}[1;\(color)m\(text)\u{1B}[0m" : text
  }

  static func write(_ fd: Int32, _ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { writeAll(fd, $0) }
  }

  /// Writes all of `raw` to `fd`, retrying short and interrupted writes.
  static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < raw.count {
      let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }
}

/// `1 secret`, `2 secrets`.
func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
