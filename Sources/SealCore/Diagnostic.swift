/// A 1-based position in a file, as editors and compilers count.
public struct Mark: Sendable, Equatable {
  public let line: Int
  public let column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// One problem in one file, printed as `path:line:column: error: message`.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file as the user named it (for example `vault/global.yaml`).
  public let path: String
  /// Where in the file; nil for a problem of the whole file, shown at 1:1.
  public let mark: Mark?
  /// What is wrong; never contains a value.
  public let message: String
  /// What kind of problem it is, for a tool that adds its own hint (the CLI names the
  /// command that fixes it); nil for most.
  public let kind: Kind?

  /// Problems a tool built on the library may say more about.
  public enum Kind: Sendable, Equatable {
    /// Plain text where a sealed token belongs.
    case notSealed
    /// A line git writes into a conflicted file.
    case conflictMarker
    /// A token that fails authentication where it stands: tampered with, or moved.
    case doesNotOpen
    /// Stands for this many more problems of the file, not reported one by one
    /// (`DiagnosticLog`).
    case omitted(Int)
  }

  /// How many problems this one stands for: itself, or those it counts.
  public var count: Int {
    if case .omitted(let count) = kind { count } else { 1 }
  }

  public init(path: String, mark: Mark?, message: String, kind: Kind? = nil) {
    self.path = path
    self.mark = mark
    self.message = message
    self.kind = kind
  }

  /// `path:line:column:`, so editors and CI annotators can read every problem's place.
  public var location: String {
    let mark = mark ?? Mark(line: 1, column: 1)
    return "\(path):\(mark.line):\(mark.column):"
  }

  public var description: String { "\(location) error: \(message)" }
}

/// Every problem found in one pass over a file, in file order.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
  /// The most problems a reader reports for one file (the last of them counting the rest),
  /// and the most lines the CLI writes for one file.
  public static let shownPerFile = 100
  public let items: [Diagnostic]

  public init(_ items: [Diagnostic]) {
    precondition(!items.isEmpty)
    self.items = items
  }

  public var description: String { items.map(\.description).joined(separator: "\n") }
}
