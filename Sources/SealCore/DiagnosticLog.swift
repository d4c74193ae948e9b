/// The problems of one file as they are found, keeping at most `Diagnostics.shownPerFile`:
/// past that, the last one says how many more there were, so a file of a million bad lines
/// costs neither a million messages in memory nor a million lines of output.
package struct DiagnosticLog: Sendable {
  package let path: String
  private var kept: [Diagnostic] = []
  private var omitted = 0
  private var firstOmitted: Mark?

  package init(path: String) {
    self.path = path
  }

  /// Adds a problem; `message` is made only for the ones kept.
  package mutating func report(_ message: @autoclosure () -> String, at mark: Mark?, kind: Diagnostic.Kind? = nil) {
    if omitted == 0 && kept.count < Diagnostics.shownPerFile {
      kept.append(Diagnostic(path: path, mark: mark, message: message(), kind: kind))
      return
    }
    if omitted == 0 {
      // One more than fit: the last kept makes room for the line that counts the rest.
      firstOmitted = kept.removeLast().mark
      omitted = 1
    }
    omitted += 1
  }

  package var isEmpty: Bool { kept.isEmpty }

  /// The problems kept, then (if any were not) one that counts the rest from where they start.
  package var items: [Diagnostic] {
    guard omitted > 0 else { return kept }
    let message =
      "\(omitted) more from here on are not shown (at most \(Diagnostics.shownPerFile) lines per file); fix the ones above first"
    return kept + [Diagnostic(path: path, mark: firstOmitted, message: message, kind: .omitted(omitted))]
  }
}
