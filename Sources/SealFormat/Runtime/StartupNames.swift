import SealCore
import SealCrypto

/// The environment variables that shells, the dynamic loader and language runtimes read
/// when a program starts (CONTRACT §9). A secret with such a name would let whoever can
/// commit run code inside the executor's command, with every other secret in reach, so
/// `run` and `export` (but for json) refuse them unless the executor accepts each by name.
package enum StartupNames {
  /// Names compared exactly.
  static let exact: Set<String> = [
    "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS", "CDPATH", "GLOBIGNORE", "PATH",
    "GCONV_PATH", "LOCPATH", "HOSTALIASES", "RES_OPTIONS", "NODE_OPTIONS", "NODE_PATH", "PYTHONSTARTUP",
    "PYTHONPATH", "PYTHONHOME", "PYTHONINSPECT", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB",
    "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "SSH_ASKPASS",
  ]
  /// Prefixes: the name is any of these followed by any suffix.
  static let prefixes = ["BASH_FUNC_", "LD_", "DYLD_", "MALLOC_", "GIT_"]
  /// The first bytes of all of them, so most names are told apart by one.
  private static let initials = Set((exact + prefixes).map { $0.utf8.first! }).sorted()

  /// Whether programs read `name` at start-up.
  package static func contains(_ name: SecretName) -> Bool {
    guard let first = name.text.utf8.first, initials.contains(first) else { return false }
    return prefixes.contains { $0.utf8.first == first && name.text.hasPrefix($0) } || exact.contains(name.text)
  }

  /// The names of `names` that are start-up names and not in `allowed`, in their order.
  package static func refused(_ names: [SecretName], allowing allowed: Set<SecretName> = []) -> [SecretName] {
    names.filter { contains($0) && !allowed.contains($0) }
  }

  /// Why such a name is dangerous, for warnings and refusals.
  package static let reason =
    "shells, loaders or runtimes read it when a program starts, so its value could run code in the executor's command"
}
