import SealCore
import SealCrypto
internal import SealYAML

/// The top-level mapping of a vault file, checked against the keys it may hold.
struct Fields {
  let path: String
  private(set) var values: [String: Node] = [:]
  private var log: DiagnosticLog
  /// The problems found (at most `Diagnostics.shownPerFile`, the last counting the rest).
  var problems: [Diagnostic] { log.items }

  /// Reads `root`'s keys; reports a root that is not a mapping, duplicate, unknown and
  /// missing keys.
  init(_ root: Node, path: String, keys: [String]) {
    self.path = path
    log = DiagnosticLog(path: path)
    guard case .mapping(let entries, let mark) = root else {
      report("expected a mapping with keys \(keys.joined(separator: ", ")), found \(root.kind)", at: root.mark)
      return
    }
    var seen: [String: Mark] = [:]
    for (key, value) in entries {
      guard case .scalar(let name, let keyMark) = key else { continue }
      if let first = seen[name] {
        report("duplicate key '\(name)' (first at \(first.line):\(first.column))", at: keyMark)
      } else if !keys.contains(name) {
        report("unknown key \(name.quotedForMessage) (allowed: \(keys.joined(separator: ", ")))", at: keyMark)
      } else {
        seen[name] = keyMark
        values[name] = value
      }
    }
    for key in keys where values[key] == nil {
      report("missing key '\(key)'", at: mark)
    }
  }

  mutating func report(_ message: @autoclosure () -> String, at mark: Mark, kind: Diagnostic.Kind? = nil) {
    log.report(message(), at: mark, kind: kind)
  }

  /// The text of `key`, or a problem when it holds a collection.
  mutating func text(_ key: String) -> (String, Mark)? {
    switch values[key] {
    case .scalar(let text, let mark): return (text, mark)
    case let node?:
      report("'\(key)' must be text, found \(node.kind)", at: node.mark)
      return nil
    case nil: return nil
    }
  }

  /// Checks the format version, which must read `1`.
  mutating func checkVersion() {
    guard let (version, mark) = text("sealvault"), version != "1" else { return }
    report("unsupported format version \(version.quotedForMessage) (this sealvault reads version 1)", at: mark)
  }

  /// The 1-based line where `file` first differs from `canonical`, nil when they are equal:
  /// where a valid file's hand edit begins.
  static func firstDifferentLine(_ file: [UInt8], _ canonical: [UInt8]) -> Int? {
    guard file != canonical else { return nil }
    let common = zip(file, canonical).prefix { $0 == $1 }.count
    return file[..<common].filter { $0 == 0x0A }.count + 1
  }
}
