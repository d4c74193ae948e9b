/// The one rule for secret names and workflow ids, quoted in every refusal.
public enum NameRule {
  /// The rule as users read it in errors.
  public static let text = "1 to 128 characters from A-Z a-z 0-9 _ - (^[A-Za-z0-9_-]{1,128}$)"

  /// Whether `text` obeys the rule.
  public static func accepts(_ text: Substring) -> Bool {
    var text = text
    return text.withUTF8 { (1...128).contains($0.count) && $0.allSatisfy(isNameByte) }
  }

  package static func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
      true
    default: false
    }
  }
}

/// What secret names and workflow ids share: text that obeys `NameRule`, shown as it is,
/// ordered by bytes (the canonical order of a scope file and of workflows).
public protocol RuledName: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The text as written.
  var text: String { get }
}

extension RuledName {
  public var description: String { text }

  /// Byte order.
  public static func < (lhs: Self, rhs: Self) -> Bool {
    lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
  }
}

/// A secret's name: shown in clear, never renamed, unique regardless of case within a scope.
public struct SecretName: RuledName {
  /// The name as written.
  public let text: String

  /// Names that start with it (in any case) are sealvault's own variables, never a secret's.
  package static let reservedPrefix = "SEALVAULT_"

  /// A valid name; nil when `text` breaks `NameRule` or is reserved.
  public init?(_ text: some StringProtocol) {
    let text = String(text)
    guard Self.refusal(text) == nil else { return nil }
    self.text = text
  }

  /// Whether `text` starts with the reserved prefix in any case (a name, or a variable).
  package static func isReserved(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      utf8.count >= reservedPrefixBytes.count && zip(utf8, reservedPrefixBytes).allSatisfy { asciiUppercase($0) == $1 }
    }
  }

  private static let reservedPrefixBytes = Array(reservedPrefix.utf8)

  private static func asciiUppercase(_ byte: UInt8) -> UInt8 {
    (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
  }

  /// Why `text` cannot be a name, or nil when it can. Text that breaks the rule is not
  /// quoted unless `quoting`: it may be a value (an import's PEM line, a token).
  package static func refusal(_ text: String, quoting: Bool = true) -> String? {
    guard NameRule.accepts(Substring(text)) else {
      return "invalid secret name\(quoting ? " " + String(text).quotedForMessage : ""): a name is \(NameRule.text)"
    }
    guard !isReserved(text) else {
      return
        "name '\(text)' is reserved: names beginning with \(reservedPrefix) (in any case) are sealvault's own variables"
    }
    return nil
  }

  /// The key under which two names that differ only in case collide.
  public var folded: String { text.lowercased() }

  /// Whether the two names differ at most in case (names are ASCII).
  package func equalsIgnoringCase(_ other: SecretName) -> Bool {
    var (lhs, rhs) = (text, other.text)
    return lhs.withUTF8 { lhs in
      rhs.withUTF8 { rhs in
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { Self.asciiUppercase($0) == Self.asciiUppercase($1) }
      }
    }
  }
}

/// A workflow's id: names its scope file `workflows/<id>.yaml`; same rule as names.
public struct WorkflowID: RuledName {
  /// The id as written.
  public let text: String

  /// A valid id; nil when `text` breaks `NameRule`.
  public init?(_ text: some StringProtocol) {
    guard NameRule.accepts(Substring(text)) else { return nil }
    self.text = String(text)
  }
}

extension String {
  /// `'text'` with control and non-ASCII characters escaped, so a quoted input stays on one line.
  package var quotedForMessage: String {
    var out = "'"
    for scalar in unicodeScalars {
      switch scalar {
      case "'": out += "\\'"
      case "\\": out += "\\\\"
      case " "..."~": out.unicodeScalars.append(scalar)
      default: out += "\\u{\(String(scalar.value, radix: 16))}"
      }
    }
    return out + "'"
  }
}
