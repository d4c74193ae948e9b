import ArgumentParser
import Glibc

/// The `sealvault` command: sealed secrets in git, opened only by the executor.
@main
struct SealVault: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sealvault",
    abstract: "Keep workflow secrets in git as sealed YAML: names in clear, values sealed to the vault's key.",
    version: "0.1.0",
    subcommands: [
      Init.self, Keygen.self, Set.self, Import.self, List.self, Delete.self, Rename.self, Check.self, Refs.self,
      Render.self, Export.self, Get.self, Run.self, Rotate.self, Reseal.self, LostKey.self, Doctor.self,
      NoPlaintext.self, GitSetup.self,
      Textconv.self,
      MergeFile.self, Fmt.self,
    ]
  )

  /// Parses, runs, and maps every way out to CONTRACT §7's exit status: 1 for a failed
  /// operation, 2 for a usage error, each as one line on stderr.
  static func main() {
    CrashSafety.apply()
    Glibc.exit(execute(Array(CommandLine.arguments.dropFirst())))
  }

  /// Parses `arguments`, runs the command and returns the exit status; messages go to
  /// stderr. `main` and the in-process tests both come through here.
  static func execute(_ arguments: [String]) -> Int32 {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      return 0
    } catch let failure as Failure {
      failure.report()
      return failure.exitStatus
    } catch let code as ExitCode {
      return code.rawValue
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        Console.out(fullMessage(for: error) + "\n")
        return 0
      }
      if let unknown = unknownCommand(arguments) {
        Console.error(unknown)
      } else {
        Console.error(message(for: error) + " (see `sealvault \(subcommandName(arguments))--help`)")
      }
      return 2
    }
  }

  /// The message for a first argument that names no command, with the nearest command
  /// (at most two edits away) when there is one; nil when the first argument is a command
  /// or an option.
  private static func unknownCommand(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let names = configuration.subcommands.flatMap { [$0.configuration.commandName ?? ""] + $0.configuration.aliases }
    guard !names.contains(first), first != "help" else { return nil }
    let near = names.map { ($0, EditDistance.between($0, first)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
    let hint = near.map { "; did you mean '\($0.0)'?" } ?? ""
    return "unknown command '\(first)'\(hint) (see `sealvault --help`)"
  }

  /// `NAME ` of the subcommand the arguments name, for the help hint of a usage error.
  private static func subcommandName(_ arguments: [String]) -> String {
    let first = arguments.first ?? ""
    let command = configuration.subcommands.first {
      $0.configuration.commandName == first || $0.configuration.aliases.contains(first)
    }
    guard let name = command?.configuration.commandName else { return "" }
    return name + " "
  }
}
