import ArgumentParser

extension SealVault {
  struct Rename: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename",
      abstract: "Refuses: a secret's name never changes.",
      discussion: """
        Examples:
          sealvault set NEW_NAME < value.txt && sealvault delete OLD_NAME
        """)

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
      throw Failure.failed(
        "secrets cannot be renamed: workflows refer to a secret by its name, so renaming would break them; "
          + "set the new name (sealvault set NEW) and delete the old one (sealvault delete OLD) once nothing refers to it"
      )
    }
  }
}
