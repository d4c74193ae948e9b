internal import CYaml
import SealCore

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a vault file into nodes, refusing before anything is built what the contract
/// forbids: files over 16 MiB, git conflict markers, anchors and aliases (so a
/// billion-laughs file fails at its first anchor, in bounded memory), tags, more than one
/// document, and collections nested deeper than a vault file's two levels.
package enum StrictReader {
  /// The largest file a reader accepts.
  package static let maxFileBytes = 16 * 1024 * 1024
  /// Root mapping, then `secrets:`; anything deeper is a collection where text belongs.
  static let maxDepth = 2

  package static func read(_ bytes: [UInt8], path: String) throws(Diagnostics) -> Node {
    guard bytes.count <= maxFileBytes else {
      throw Diagnostics([Diagnostic(path: path, mark: nil, message: "file is over 16 MiB")])
    }
    if let problem = encodingProblem(bytes) { throw Diagnostics([Diagnostic(path: path, mark: nil, message: problem)]) }
    // A UTF-8 byte order mark is read past (editors on Windows write one), before any other
    // check, so columns of line 1 are as editors show them; the file is then not in
    // canonical form, which `check` says and `fmt` fixes.
    let text = bytes.starts(with: utf8ByteOrderMark) ? Array(bytes.dropFirst(utf8ByteOrderMark.count)) : bytes
    let markers = conflictMarkers(in: text, path: path)
    guard markers.isEmpty else { throw Diagnostics(markers) }
    if let (mark, character) = ambiguousCharacter(in: text) {
      let message = "\(character) is read differently by YAML 1.1, YAML 1.2, git and editors; not allowed"
      throw Diagnostics([Diagnostic(path: path, mark: mark, message: message)])
    }
    let result = text.withUnsafeBufferPointer { input in
      Result { () throws(Diagnostic) in try buildTree(EventParser(input: input), path: path) }
    }
    switch result {
    case .success(let node): return node
    case .failure(let diagnostic): throw Diagnostics([diagnostic])
    }
  }

  private static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// Why the file is not UTF-8 text a reader can place problems in, or nil: UTF-16 and
  /// UTF-32 (a byte order mark, or a NUL in the first two bytes) are named as such.
  static func encodingProblem(_ bytes: [UInt8]) -> String? {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.prefix(2).contains(0) {
      return "the file is UTF-16 or UTF-32; vault files are UTF-8 (save it as UTF-8)"
    }
    return nil
  }

  /// The first U+2028, U+2029 or U+0085 (YAML 1.1, libyaml and PyYAML, break a line there;
  /// YAML 1.2, git and editors do not) or a byte order mark after the start (libyaml reads
  /// past it, PyYAML refuses it): two tools would read two different files.
  static func ambiguousCharacter(in bytes: [UInt8]) -> (Mark, String)? {
    bytes.withUnsafeBytes { raw in
      func first(_ lead: UInt8, _ second: UInt8, _ thirds: [UInt8]) -> Int? {
        var index = 0
        while index < raw.count, let hit = memchr(raw.baseAddress! + index, Int32(lead), raw.count - index) {
          let at = UnsafeRawPointer(hit) - raw.baseAddress!
          let length = thirds.isEmpty ? 2 : 3
          if at + length <= raw.count, raw[at + 1] == second, thirds.isEmpty || thirds.contains(raw[at + 2]) {
            return at
          }
          index = at + 1
        }
        return nil
      }
      let found = [
        first(0xC2, 0x85, []).map { ($0, "U+0085 (next line)") },
        first(0xE2, 0x80, [0xA8, 0xA9]).map {
          ($0, raw[$0 + 2] == 0xA8 ? "U+2028 (line separator)" : "U+2029 (paragraph separator)")
        },
        first(0xEF, 0xBB, [0xBF]).map { ($0, "U+FEFF (a byte order mark, allowed only at the start)") },
      ].compactMap { $0 }.min { $0.0 < $1.0 }
      return found.map { (LineIndex(raw).mark($0.0, in: raw), $0.1) }
    }
  }

  /// Lines that begin with a marker git writes into a conflicted file.
  static func conflictMarkers(in bytes: [UInt8], path: String) -> [Diagnostic] {
    var found: [Diagnostic] = []
    var line = 1
    var start = 0
    while start < bytes.count {
      let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      if isConflictMarker(bytes[start..<end]) {
        let message = "git conflict marker: resolve the merge"
        found.append(Diagnostic(path: path, mark: Mark(line: line, column: 1), message: message, kind: .conflictMarker))
      }
      line += 1
      start = end + 1
    }
    return found
  }

  private static func isConflictMarker(_ line: ArraySlice<UInt8>) -> Bool {
    guard line.count >= 7, let first = line.first, Array("<>=|".utf8).contains(first),
      line.prefix(7).allSatisfy({ $0 == first })
    else { return false }
    let rest = line.dropFirst(7)
    return rest.isEmpty || rest.first == UInt8(ascii: " ") || rest.first == UInt8(ascii: "\r")
  }

  /// An open collection; mutated in place on the stack so appends never copy.
  private struct Frame {
    let isMapping: Bool
    let mark: Mark
    var pairs: [(key: Node, value: Node)] = []
    var items: [Node] = []
    var pendingKey: Node?

    var node: Node { isMapping ? .mapping(pairs, mark) : .sequence(items, mark) }
  }

  private static func buildTree(_ parser: EventParser, path: String) throws(Diagnostic) -> Node {
    func fail(_ message: String, _ mark: Mark) -> Diagnostic {
      Diagnostic(path: path, mark: mark, message: message)
    }
    var stack: [Frame] = []
    var root: Node?
    var documents = 0

    func attach(_ node: Node) {
      let top = stack.count - 1
      guard top >= 0 else {
        root = node
        return
      }
      if !stack[top].isMapping {
        stack[top].items.append(node)
      } else if let key = stack[top].pendingKey {
        stack[top].pairs.append((key, node))
        stack[top].pendingKey = nil
      } else {
        stack[top].pendingKey = node
      }
    }

    func checkCollection(_ event: Event, _ kind: String) throws(Diagnostic) {
      let awaitingKey = stack.last.map { $0.isMapping && $0.pendingKey == nil } ?? false
      guard stack.count < maxDepth, !awaitingKey else {
        throw fail("\(kind) where text belongs", event.start)
      }
    }

    while true {
      let event: Event
      do { event = try parser.next() } catch { throw fail(error.message, error.mark) }
      if event.type == YAML_ALIAS_EVENT || event.anchor {
        throw fail("anchors and aliases are not allowed", event.start)
      }
      if event.tag { throw fail("tags are not allowed", event.start) }
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 { throw fail("more than one document", event.start) }
      case YAML_SCALAR_EVENT:
        let text = event.scalarText
        if let top = stack.last, top.isMapping, top.pendingKey == nil, event.isPlain, YAMLTypes.readsAsNonString(text) {
          // The strict reader takes it as text; PyYAML, go-yaml and friends would not.
          throw fail(
            "key '\(text)' must be double-quoted (\"\(text)\"): unquoted, YAML reads it as a number, boolean, null or date, not text",
            event.start)
        }
        attach(.scalar(text, event.start))
      case YAML_MAPPING_START_EVENT:
        try checkCollection(event, "a mapping")
        stack.append(Frame(isMapping: true, mark: event.start))
      case YAML_SEQUENCE_START_EVENT:
        try checkCollection(event, "a sequence")
        stack.append(Frame(isMapping: false, mark: event.start))
      case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
        guard let frame = stack.popLast() else { fatalError("libyaml ended a collection it never started") }
        attach(frame.node)
      case YAML_STREAM_END_EVENT:
        guard let root else { throw fail("the file is empty", event.start) }
        return root
      default:
        continue
      }
    }
  }
}
