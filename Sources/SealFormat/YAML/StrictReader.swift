internal import CYaml

/// Reads a vault file into nodes, refusing before anything is built what the contract
/// forbids: files over 16 MiB, git conflict markers, anchors and aliases (so a
/// billion-laughs file fails at its first anchor, in bounded memory), tags, more than one
/// document, and collections nested deeper than a vault file's two levels.
enum StrictReader {
  /// The largest file a reader accepts.
  static let maxFileBytes = 16 * 1024 * 1024
  /// Root mapping, then `secrets:`; anything deeper is a collection where text belongs.
  static let maxDepth = 2

  static func read(_ bytes: [UInt8], path: String) throws(Diagnostics) -> Node {
    guard bytes.count <= maxFileBytes else {
      throw Diagnostics([Diagnostic(path: path, mark: nil, message: "file is over 16 MiB")])
    }
    let markers = conflictMarkers(in: bytes, path: path)
    guard markers.isEmpty else { throw Diagnostics(markers) }
    let result = bytes.withUnsafeBufferPointer { input in
      Result { () throws(Diagnostic) in try buildTree(EventParser(input: input), path: path) }
    }
    switch result {
    case .success(let node): return node
    case .failure(let diagnostic): throw Diagnostics([diagnostic])
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
        let message = "git conflict marker: resolve the merge, then run `sealvault check`"
        found.append(Diagnostic(path: path, mark: Mark(line: line, column: 1), message: message))
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

  private enum Frame {
    case mapping([(key: Node, value: Node)], pendingKey: Node?, Mark)
    case sequence([Node], Mark)
  }

  private static func buildTree(_ parser: EventParser, path: String) throws(Diagnostic) -> Node {
    func fail(_ message: String, _ mark: Mark) -> Diagnostic {
      Diagnostic(path: path, mark: mark, message: message)
    }
    var stack: [Frame] = []
    var root: Node?
    var documents = 0

    func attach(_ node: Node) {
      guard let top = stack.popLast() else {
        root = node
        return
      }
      switch top {
      case .mapping(var entries, let pendingKey, let mark):
        if let key = pendingKey {
          entries.append((key, node))
          stack.append(.mapping(entries, pendingKey: nil, mark))
        } else {
          stack.append(.mapping(entries, pendingKey: node, mark))
        }
      case .sequence(var items, let mark):
        items.append(node)
        stack.append(.sequence(items, mark))
      }
    }

    func checkCollection(_ event: Event, _ kind: String) throws(Diagnostic) {
      let awaitingKey: Bool
      if case .mapping(_, nil, _) = stack.last { awaitingKey = true } else { awaitingKey = false }
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
        attach(.scalar(event.scalarText, event.start))
      case YAML_MAPPING_START_EVENT:
        try checkCollection(event, "a mapping")
        stack.append(.mapping([], pendingKey: nil, event.start))
      case YAML_SEQUENCE_START_EVENT:
        try checkCollection(event, "a sequence")
        stack.append(.sequence([], event.start))
      case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
        switch stack.popLast() {
        case .mapping(let entries, _, let mark): attach(.mapping(entries, mark))
        case .sequence(let items, let mark): attach(.sequence(items, mark))
        case nil: fatalError("libyaml ended a collection it never started")
        }
      case YAML_STREAM_END_EVENT:
        guard let root else { throw fail("the file is empty", event.start) }
        return root
      default:
        continue
      }
    }
  }
}
