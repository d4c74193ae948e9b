/// Which file a secret lives in, and so which workflows may use it.
public enum Scope: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// `global.yaml`: available to every workflow.
  case global
  /// `workflows/<id>.yaml`: available only to that workflow.
  case workflow(WorkflowID)

  /// Reads `global` or `workflow/<valid id>`.
  public init?(text: String) {
    if text == "global" {
      self = .global
    } else if text.hasPrefix("workflow/"), let id = WorkflowID(text.dropFirst("workflow/".count)) {
      self = .workflow(id)
    } else {
      return nil
    }
  }

  /// The scope a vault file's path names (`.../global.yaml`, `.../workflows/<id>.yaml`),
  /// as git gives it to a merge driver; nil for any other path.
  public init?(path: String) {
    let parts = path.split(separator: "/")
    if parts.last == "global.yaml" {
      self = .global
    } else if parts.count >= 2, parts[parts.count - 2] == "workflows", let file = parts.last, file.hasSuffix(".yaml"),
      let id = WorkflowID(file.dropLast(5))
    {
      self = .workflow(id)
    } else {
      return nil
    }
  }

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
