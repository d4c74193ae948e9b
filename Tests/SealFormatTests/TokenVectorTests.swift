import Foundation
import SealFormat
import Testing

/// Tokens made by an independent implementation (PyNaCl + hashlib, Tests/Vectors/generate.py).
@Suite struct TokenVectorTests {
  let vectors: [String: Any]
  let key: PrivateKey

  init() throws {
    vectors = try TestFiles.json("Vectors/tokens.json")
    let text = Array((vectors["private_key_test_only"] as! String).utf8)
    key = text.withUnsafeBytes { PrivateKey(text: $0)! }
  }

  func sealed(_ item: [String: Any]) throws -> SealedSecret {
    let scopeText = item["scope"] as! String
    let scope: Scope =
      scopeText == "global" ? .global : .workflow(WorkflowID(scopeText.dropFirst("workflow/".count))!)
    return SealedSecret(
      token: try Token(text: Substring(item["token"] as! String)), scope: scope,
      name: SecretName(item["name"] as! String)!)
  }

  @Test func kidsMatchHashlib() {
    #expect(key.kid.hex == vectors["kid"] as! String)
    #expect(key.publicKey.text == vectors["public_key"] as! String)
    let other = PublicKey(text: Substring(vectors["other_public_key"] as! String))!
    #expect(other.kid.hex == vectors["other_kid"] as! String)
  }

  @Test func opensEveryVector() throws {
    let opener = Opener(keys: [key])
    let cases = vectors["cases"] as! [[String: Any]]
    #expect(cases.count == 6)
    for item in cases {
      let value = try opener.open(try sealed(item))
      #expect(value.bytes.testBytes == Array(Data(base64Encoded: item["value_b64"] as! String)!))
    }
  }

  @Test func refusesMovedTamperedAndForeignTokens() throws {
    let opener = Opener(keys: [key])
    let failures = vectors["failures"] as! [[String: Any]]
    var errors: [OpenError] = []
    for item in failures {
      #expect(throws: OpenError.self) { try opener.open(try sealed(item)) }
      if case .failure(let error) = opener.openAll([try sealed(item)])[0] { errors.append(error) }
    }
    let otherKid = KeyID(hex: Substring(vectors["other_kid"] as! String))!
    #expect(errors == [.doesNotOpen, .doesNotOpen, .doesNotOpen, .noKey(otherKid)])
  }

  @Test func sealedTokensOpenAndBindScopeAndName() throws {
    let sealer = try Sealer(recipient: key.publicKey)
    let value = try SecretValue(SecretBytes(testing: "s3cr3t\nwith newline"))
    let name = SecretName("API_KEY")!
    let token = sealer.seal(value, scope: .global, name: name)
    #expect(token.text.hasPrefix("sv1:\(key.kid.hex):"))
    let opener = Opener(keys: [key])
    let opened = try opener.open(SealedSecret(token: token, scope: .global, name: name))
    #expect(opened.bytes.testBytes == value.bytes.testBytes)
    let moved = SealedSecret(token: token, scope: .workflow(WorkflowID("w")!), name: name)
    #expect(throws: OpenError.doesNotOpen) { try opener.open(moved) }
    let renamed = SealedSecret(token: token, scope: .global, name: SecretName("API_KEY2")!)
    #expect(throws: OpenError.doesNotOpen) { try opener.open(renamed) }
  }

  @Test func oneEphemeralKeyPerSealerAndFreshNonces() throws {
    let sealer = try Sealer(recipient: key.publicKey)
    let value = try SecretValue(SecretBytes(testing: "same"))
    let a = sealer.seal(value, scope: .global, name: SecretName("A")!)
    let b = sealer.seal(value, scope: .global, name: SecretName("A")!)
    let c = try Sealer(recipient: key.publicKey).seal(value, scope: .global, name: SecretName("A")!)
    let payload = { (token: Token) in Data(base64Encoded: String(token.text.split(separator: ":")[2]))! }
    #expect(payload(a).prefix(32) == payload(b).prefix(32))
    #expect(payload(a).prefix(32) != payload(c).prefix(32))
    #expect(payload(a)[32..<56] != payload(b)[32..<56])
    #expect(a != b)
  }

  @Test func tokenTextErrorsNeverEchoTheText() {
    let cases: [(String, TokenError)] = [
      ("hunter2", .notSealed),
      ("sv1:XYZ:AAAA", .badKeyID),
      ("sv1:0123456789abcdef:not base64!", .badBase64),
      ("sv1:0123456789abcdef:AAAA", .badLength),
      // One and two bytes over the longest payload (72 + 65,536) share its base64 length.
      ("sv1:0123456789abcdef:" + Base64.encode([UInt8](repeating: 1, count: 65609)), .badLength),
      ("sv1:0123456789abcdef:" + Base64.encode([UInt8](repeating: 1, count: 65610)), .badLength),
    ]
    for (text, expected) in cases {
      #expect(throws: expected) { try Token(text: Substring(text)) }
      #expect(!expected.description.contains(text))
    }
  }

  @Test func privateKeyTextRoundTrips() {
    let pair = KeyPair.generate()
    let text = pair.privateKey.text()
    let again = text.withUnsafeBytes { PrivateKey(text: $0) }
    #expect(again?.kid == pair.publicKey.kid)
    #expect(text.testBytes.starts(with: Array("sv1sk:".utf8)))
    #expect(PublicKey(text: Substring(pair.publicKey.text)) == pair.publicKey)
    #expect(PublicKey(text: "sv1pk:AAAA") == nil)
    #expect("\(text)" == "SecretBytes(50 bytes)")
  }

  /// Bytes from 0x80 up are not base64 (libsodium 1.0.18 decodes them as digits).
  @Test func keysWithNonASCIIBytesAreRefused() {
    let pair = KeyPair.generate()
    let text = "sv1pk:\u{e9}" + pair.publicKey.text.dropFirst(8)
    #expect(text.utf8.count == pair.publicKey.text.utf8.count)
    #expect(PublicKey(text: Substring(text)) == nil)
    var high = pair.publicKey.bytes
    high[31] |= 0x80
    #expect(PublicKey(text: Substring("sv1pk:" + Base64.encode(high))) == nil, "the same point, another kid")
    var secret = pair.privateKey.text().testBytes
    secret.replaceSubrange(6..<8, with: Array("\u{e9}".utf8))
    #expect(secret.withUnsafeBytes { PrivateKey(text: $0) } == nil)
  }
}
