import ArgumentParser
import SealFormat

/// A value that a command-line argument names (a secret name, a workflow id), parsed once
/// when the arguments are.
protocol ArgumentValue: Sendable {
  /// The value `text` names, or why it names none (the rule quoted).
  static func parse(_ text: String) -> Result<Self, Refusal>
}

/// Why an argument names no value: the message of its usage error.
struct Refusal: Error, Sendable {
  let message: String
}

/// An argument parsed into `Value` when the arguments are. A malformed one is kept, so
/// that `validate()` refuses it with sealvault's own message (a usage error, exit 2)
/// rather than argument-parser's generic one.
struct Parsed<Value: ArgumentValue>: ExpressibleByArgument, Sendable {
  let text: String
  private let parsed: Result<Value, Refusal>

  init(argument: String) {
    text = argument
    parsed = Value.parse(argument)
  }

  /// Throws the refusal of a malformed argument, for `validate()`.
  func check() throws {
    if case .failure(let refusal) = parsed { throw ValidationError(refusal.message) }
  }

  /// The value; `validate()` has refused a malformed argument before `run()`.
  var value: Value {
    guard case .success(let value) = parsed else { preconditionFailure("run() before validate()") }
    return value
  }
}

extension SecretName: ArgumentValue {
  static func parse(_ text: String) -> Result<SecretName, Refusal> {
    SecretName(text).map { .success($0) } ?? .failure(Refusal(message: SecretName.refusal(text)!))
  }
}

extension WorkflowID: ArgumentValue {
  static func parse(_ text: String) -> Result<WorkflowID, Refusal> {
    WorkflowID(text).map { .success($0) }
      ?? .failure(Refusal(message: "invalid workflow id \(text.quotedForMessage): an id is \(NameRule.text)"))
  }
}

/// The `NAME` argument of `set`, `delete` and `get`: a secret name, completed from the
/// vault at hand and refused (a usage error) when malformed or reserved.
struct NameArgument: ParsableArguments {
  @Argument(help: "The secret's name (exact case).", completion: .custom(Completions.secretNames))
  var name: Parsed<SecretName>

  func validate() throws {
    try name.check()
  }

  /// The name; `validate()` has refused a malformed one.
  var value: SecretName { name.value }
}
