/// Which file a secret lives in, and so which workflows may use it.
public enum Scope: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// `global.yaml`: available to every workflow.
  case global
  /// `workflows/<id>.yaml`: available only to that workflow.
  case workflow(WorkflowID)

  /// `global` or `workflow/<id>`: the `scope:` value and part of every token's associated data.
  public var text: String {
    switch self {
    case .global: "global"
    case .workflow(let id): "workflow/\(id.text)"
    }
  }

  /// The scope's file, relative to the vault directory.
  public var relativePath: String {
    switch self {
    case .global: "global.yaml"
    case .workflow(let id): "workflows/\(id.text).yaml"
    }
  }

  public var description: String { text }

  /// Global first, then workflows by id.
  public static func < (lhs: Scope, rhs: Scope) -> Bool {
    switch (lhs, rhs) {
    case (.global, .workflow): true
    case (.workflow(let a), .workflow(let b)): a < b
    default: false
    }
  }
}
