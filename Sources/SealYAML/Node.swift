import SealCore

/// The YAML a vault file may hold: text, and mappings or sequences at most two levels deep.
/// Every node keeps its mark so later checks can point at it.
package enum Node {
  case scalar(String, Mark)
  case mapping([(key: Node, value: Node)], Mark)
  case sequence([Node], Mark)

  package var mark: Mark {
    switch self {
    case .scalar(_, let mark), .mapping(_, let mark), .sequence(_, let mark): mark
    }
  }

  /// What the node is, for "expected text, found a mapping" messages.
  package var kind: String {
    switch self {
    case .scalar: "text"
    case .mapping: "a mapping"
    case .sequence: "a sequence"
    }
  }
}
