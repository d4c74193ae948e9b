import SealCore
import SealCrypto
internal import SealYAML

#if canImport(Glibc)
  import Glibc
#endif

/// The fast reader of a scope file: one pass over the bytes of a file in canonical form,
///
///     sealvault: 1
///     scope: <scope>
///     secrets:
///       <NAME>: sv1:<kid>:<base64>
///
/// (or `secrets: {}`), checking as it goes every rule the strict reader checks (names in
/// byte order, so none twice, none differing only in case, none reserved, none a YAML
/// reader would type; tokens whole). Any other byte, and any break of a rule, makes it
/// give up, and the strict reader reads the file instead, finding and naming what is wrong.
package enum CanonicalScope {
  /// The entries of `bytes`, in order, when the file is the canonical file of `scope`.
  package static func entries(_ bytes: [UInt8], scope: Scope) -> [ScopeDocument.Entry]? {
    guard bytes.count <= StrictReader.maxFileBytes else { return nil }
    let header = Array("sealvault: 1\nscope: \(scope.text)\nsecrets:".utf8)
    return bytes.withUnsafeBufferPointer { text in
      guard text.starts(with: header) else { return nil }
      let body = UnsafeBufferPointer(rebasing: text[header.count...])
      if body.elementsEqual(" {}\n".utf8) { return [] }
      guard body.count > 1, body[0] == newline else { return nil }
      return read(UnsafeBufferPointer(rebasing: body[1...]), at: header.count + 1, of: bytes, firstLine: 4)
    }
  }

  /// One run of whole secret lines, read on its own.
  private struct Chunk {
    var entries: [ScopeDocument.Entry] = []
    /// A hash of each name folded to one case.
    var foldedHashes: [UInt64] = []
  }

  /// The bytes a core reads at a time; a file smaller than two is read on one.
  private static let chunkBytes = 1 << 18

  /// Reads the secret lines of `lines` (which start at `offset` in `file`) in chunks on
  /// every core, then checks what spans chunks: the order where two meet, and no two names
  /// equal regardless of case.
  private static func read(_ lines: UnsafeBufferPointer<UInt8>, at offset: Int, of file: [UInt8], firstLine: Int)
    -> [ScopeDocument.Entry]?
  {
    var starts = [0]
    while let last = starts.last, lines.count - last > chunkBytes,
      let cut = memchr(lines.baseAddress! + last + chunkBytes, Int32(newline), lines.count - last - chunkBytes)
    {
      starts.append(lines.baseAddress!.distance(to: cut.assumingMemoryBound(to: UInt8.self)) + 1)
    }
    let bounds = zip(starts, starts.dropFirst() + [lines.count]).map { $0..<$1 }.filter { !$0.isEmpty }
    nonisolated(unsafe) let shared = lines
    // Tokens are slices of the file's bytes (a copy of each chunk for the core that reads
    // it measured slower: the copies' page faults cost more than sharing one buffer).
    let chunks = parallelMap(bounds) { bounds in
      read(UnsafeBufferPointer(rebasing: shared[bounds]), tokensFrom: file, at: offset + bounds.lowerBound)
    }
    var entries: [ScopeDocument.Entry] = []
    entries.reserveCapacity(chunks.reduce(0) { $0 + ($1?.entries.count ?? 0) })
    var folded = Set<UInt64>(minimumCapacity: entries.capacity)
    for chunk in chunks {
      guard let chunk, let first = chunk.entries.first, entries.last.map({ $0.name < first.name }) ?? true else {
        return nil
      }
      for hash in chunk.foldedHashes {
        // Two names equal regardless of case, or (rarely) two hashes alike: the strict
        // reader decides.
        guard folded.insert(hash).inserted else { return nil }
      }
      let lineOffset = firstLine + entries.count
      for var entry in chunk.entries {
        entry.mark = Mark(line: entry.mark!.line + lineOffset, column: 3)
        entries.append(entry)
      }
    }
    return entries
  }

  /// The secret lines of one chunk, their marks counted from line 0 of the chunk; its
  /// tokens are slices of `owned`, where `lines` starts at `offset`.
  private static func read(_ lines: UnsafeBufferPointer<UInt8>, tokensFrom owned: [UInt8], at offset: Int) -> Chunk? {
    var chunk = Chunk()
    var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var at = 0
    while at < lines.count {
      guard let (name, token, next) = secretLine(lines, at), previous.lexicographicallyPrecedes(name) else {
        return nil
      }
      let nameText = String(decoding: name, as: UTF8.self)
      let start = offset + lines.baseAddress!.distance(to: token.baseAddress!)
      guard let secretName = SecretName(nameText), !YAMLTypes.readsAsNonString(nameText),
        let token = try? Token(utf8: owned[start..<(start + token.count)])
      else { return nil }
      chunk.entries.append(
        ScopeDocument.Entry(name: secretName, token: token, mark: Mark(line: chunk.entries.count, column: 3)))
      chunk.foldedHashes.append(foldedHash(name))
      previous = name
      at = next
    }
    return chunk
  }

  /// FNV-1a of the name's bytes with ASCII letters folded to lower case.
  private static func foldedHash(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
    name.reduce(0xcbf2_9ce4_8422_2325) { hash, byte in
      (hash ^ UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)) &* 0x100_0000_01b3
    }
  }

  /// The name and token of the line `  NAME: TOKEN\n` at `start`, and where the next line
  /// starts; nil when the line is not that.
  private static func secretLine(_ body: UnsafeBufferPointer<UInt8>, _ start: Int) -> (
    name: UnsafeBufferPointer<UInt8>, token: UnsafeBufferPointer<UInt8>, next: Int
  )? {
    guard body.count - start > 4, body[start] == space, body[start + 1] == space else { return nil }
    var end = start + 2
    while end < body.count, NameRule.isNameByte(body[end]) { end += 1 }
    guard end + 2 < body.count, body[end] == colon, body[end + 1] == space else { return nil }
    let tokenStart = end + 2
    guard let found = memchr(body.baseAddress! + tokenStart, Int32(newline), body.count - tokenStart) else {
      return nil
    }
    let tokenEnd = body.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
    return (
      UnsafeBufferPointer(rebasing: body[(start + 2)..<end]),
      UnsafeBufferPointer(rebasing: body[tokenStart..<tokenEnd]),
      tokenEnd + 1
    )
  }

  private static let newline = UInt8(ascii: "\n")
  private static let space = UInt8(ascii: " ")
  private static let colon = UInt8(ascii: ":")
}
