import ArgumentParser
import Glibc
import SealFiles
import SealFormat

extension SealVault {
  struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "doctor",
      abstract: "Check this clone and machine: one line per check, ok, warn or fail; exit 1 on any fail.",
      discussion: """
        Checks that the vault is found and valid, that this clone's git drivers are installed \
        (.gitattributes and the repository's config), that git finds sealvault on PATH, that a private \
        key for the vault's active key is here (writers do not need one: warn), the key files' modes, \
        stale tokens and a rotation in progress. Needs no key and opens nothing.

        Examples:
          sealvault doctor
          sealvault doctor --json | jq '.[] | select(.status != "ok")'
        """)

    @OptionGroup var vaultOptions: VaultOptions
    @OptionGroup var keyOptions: KeyOptions

    @Flag(help: "An array of {\"check\", \"status\", \"message\"} objects on stdout.")
    var json = false

    enum Status: String { case ok, warn, fail }

    func run() throws {
      let results = checks()
      if json {
        Console.out(
          JSONText.array(
            results.map {
              "{\"check\": \"\($0.check)\", \"status\": \"\($0.status.rawValue)\", \"message\": \(JSONText.string($0.message))}"
            }) + "\n")
      } else {
        let width = results.map(\.check.count).max() ?? 0
        func pad(_ text: String, _ length: Int) -> String { text + String(repeating: " ", count: length - text.count) }
        Console.out(results.map { "\(pad($0.status.rawValue, 4)) \(pad($0.check, width))  \($0.message)\n" }.joined())
      }
      if results.contains(where: { $0.status == .fail }) { throw ExitCode.failure }
    }

    private func checks() -> [(check: String, status: Status, message: String)] {
      var results: [(check: String, status: Status, message: String)] = []
      let directory = vaultOptions.directory
      let store: VaultStore
      do { store = try VaultStore(directory: directory) } catch {
        return [("vault", .fail, oneLine(error))]
      }
      let vault = store.vault
      let listing = vault.listing()
      var documents: [ScopeDocument] = []
      var problems = listing.problems.count
      for scope in listing.scopes {
        do { documents.append(try store.document(scope)) } catch { problems += max(1, error.diagnostics.count) }
      }
      let secrets = documents.reduce(0) { $0 + $1.count }
      results.append(
        problems == 0
          ? ("vault", .ok, "\(directory) (\(plural(listing.scopes.count, "scope")), \(plural(secrets, "secret")))")
          : ("vault", .fail, "\(directory): \(plural(problems, "problem")); run `sealvault check`"))
      results.append(gitDrivers(directory))
      results.append(
        GitSetup.onPath("sealvault")
          ? ("path", .ok, "git finds sealvault on PATH")
          : ("path", .warn, "sealvault is not on PATH, where git runs `sealvault textconv` and `sealvault merge-file`"))
      results.append(activeKey(vault))
      results.append(keyFileModes())
      let active = vault.config.publicKey.kid
      let stale = documents.reduce(0) { $0 + $1.secrets.filter { $0.token.kid != active }.count }
      results.append(
        stale == 0
          ? ("stale", .ok, "every token is sealed to the active key \(active)")
          : ("stale", .warn, "\(plural(stale, "token")) sealed to an older key; `sealvault reseal` re-seals them"))
      results.append(
        FileReader.exists(vault.path(RotationState.file))
          ? ("rotation", .warn, "a rotation is in progress; `sealvault rotate` finishes it")
          : ("rotation", .ok, "no rotation in progress"))
      return results
    }

    private func gitDrivers(_ directory: String) -> (check: String, status: Status, message: String) {
      guard let git = try? Git(purpose: ""), let relative = git.relative(directory) else {
        return ("git", .warn, "the vault is not in a git repository")
      }
      let attributes =
        (try? FileReader.read(git.root + "/.gitattributes", limit: 1 << 20, tooLong: "")).map {
          String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init)
        } ?? []
      let missingAttributes = GitSetup.attributes(relative: relative).filter { !attributes.contains($0) }
      let missingConfig = GitSetup.settings.filter { key, value in
        (try? Git.run(["-C", git.root, "config", "--local", "--get", key], quiet: true)) != value + "\n"
      }
      guard missingAttributes.isEmpty && missingConfig.isEmpty else {
        return ("git", .warn, "the diff and merge drivers are not installed in this clone; run `sealvault git-setup`")
      }
      return ("git", .ok, "diff and merge drivers installed")
    }

    private func activeKey(_ vault: Vault) -> (check: String, status: Status, message: String) {
      let kid = vault.config.publicKey.kid
      do {
        let (found, _) = try keyOptions.sources.search([kid])
        return found.isEmpty
          ? ("key", .warn, "no private key for the active key \(kid) here (only executors need one)")
          : ("key", .ok, "the private key of the active key \(kid) is here")
      } catch {
        return ("key", .fail, oneLine(error))
      }
    }

    /// The key ring and every key file in it must be its owner's alone.
    private func keyFileModes() -> (check: String, status: Status, message: String) {
      let ring = KeySources.ringDirectory()
      var info = stat()
      if stat(ring, &info) == 0, let problem = SecretInput.keyRingProblem(info, directory: ring) {
        return ("modes", .fail, problem)
      }
      let names = ((try? FileReader.list(ring)) ?? nil ?? []).filter { $0.hasSuffix(".key") && !$0.hasPrefix(".") }
      for name in names {
        let path = ring + "/" + name
        // As readers see it: through a link (`keyFileProblem` names the link in its advice).
        guard stat(path, &info) == 0 else { continue }
        if let problem = SecretInput.keyFileProblem(info, path: path) { return ("modes", .fail, problem) }
      }
      return ("modes", .ok, "\(plural(names.count, "key file")) in \(ring), each mode 600 or stricter")
    }

    private func oneLine(_ error: Error) -> String {
      guard let failure = error as? Failure else { return "\(error)" }
      return failure.diagnostics.first?.description ?? failure.message
    }
  }
}
