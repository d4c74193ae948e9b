import ArgumentParser
import SealFormat

extension SealVault {
  struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "keygen",
      abstract: "Print a new key pair: the public line to stdout, the private key to --out FILE (mode 600).",
      discussion: """
        Examples:
          sealvault keygen --out new.key
        """)

    @Option(help: "Where to write the private key (mode 600); must not exist.")
    var out: String

    func run() throws {
      let pair = KeyPair.generate()
      try KeyFile.write(pair.privateKey, to: out)
      Console.out(pair.publicKey.text + "\n")
      Console.note("private key \(pair.publicKey.kid) written to \(out)")
    }
  }
}
