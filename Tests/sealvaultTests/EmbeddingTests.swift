import Foundation
import SealFiles
import SealFormat
import Testing

/// The steps of the DocC article "Embedding sealvault in an executor", run against a vault
/// the CLI wrote: the public API an executor needs, end to end.
@Suite struct EmbeddingTests {
  @Test func anExecutorOpensRendersAndSealsThroughThePublicAPI() throws {
    let box = Sandbox()
    FixtureKey.vault(in: box)
    box.run(["set", "API_KEY"], stdin: "global-key")
    box.run(["set", "-w", "deploy", "API_KEY"], stdin: "deploy \"key\"")
    box.run(["set", "-w", "deploy", "TOKEN"], stdin: "t0ken")
    let vault = try Vault(directory: box.path("vault"))
    let keyText = Array(("# a comment\n\n  " + FixtureKey.privateKey + "\r\n").utf8)
    let keys = try keyText.withUnsafeBytes { raw in try PrivateKey.keys(inKeyText: SecretBytes(copying: raw)) }
    #expect(keys.map(\.kid) == [vault.config.publicKey.kid])
    let opener = Opener(keys: keys)
    let set = try vault.effectiveSet(for: WorkflowID("deploy")!)
    #expect(set.all.map(\.name.text) == ["API_KEY", "TOKEN"])
    #expect(set[SecretName("API_KEY")!]?.shadowsGlobal == true)
    let (values, problems) = vault.open(set.all.map(\.sealed), with: opener)
    #expect(problems.isEmpty)
    let template = Template(Array(#"{"key": "@{API_KEY}", "missing": "@{GONE}"}"#.utf8))
    #expect(template.placeholders.filter { set[$0.name] == nil }.map(\.name.text) == ["GONE"])
    var escaped: [SecretName: SecretBytes] = [:]
    for (name, value) in values { escaped[name] = Escaping.json.apply(value.bytes) }
    var rendered: [UInt8] = []
    template.render({ escaped[$0] }, to: { rendered += $0 })
    #expect(String(decoding: rendered, as: UTF8.self) == #"{"key": "deploy \"key\"", "missing": "UNKNOWN"}"#)
    let sealer = try Sealer(recipient: vault.config.publicKey)
    let value = try Array("new".utf8).withUnsafeBytes { try SecretValue(SecretBytes(copying: $0)) }
    let token = sealer.seal(value, scope: .global, name: SecretName("NEW")!)
    let opened = try opener.open(SealedSecret(token: token, scope: .global, name: SecretName("NEW")!))
    #expect(opened.bytes.withUnsafeBytes { Array($0) } == Array("new".utf8))
    let badLine = Array("# ok\nnot a key\n".utf8).withUnsafeBytes { raw in
      Result { () throws(KeyTextError) in try PrivateKey.keys(inKeyText: SecretBytes(copying: raw)) }
    }
    #expect(throws: KeyTextError.self) { try badLine.get() }
    if case .failure(let error) = badLine { #expect(error.line == 2) }
    let moved = SealedSecret(token: token, scope: .global, name: SecretName("OTHER")!)
    let failed = vault.open([moved], with: opener).problems
    #expect(failed.map(\.message) == ["OTHER: \(OpenError.doesNotOpen)"])
    #expect(failed.first?.kind == .doesNotOpen)
  }
}
