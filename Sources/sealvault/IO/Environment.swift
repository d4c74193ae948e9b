import Glibc
import SealFormat

/// The process environment, read without copying secrets into Strings.
enum Environment {
  /// A non-empty variable as text (paths, commands; never key text).
  static func value(_ name: String) -> String? {
    guard let pointer = getenv(name), pointer.pointee != 0 else { return nil }
    return String(cString: pointer)
  }

  static func isSet(_ name: String) -> Bool { getenv(name) != nil }

  /// A variable's bytes in secret memory (key text).
  static func secret(_ name: String) -> SecretBytes? {
    guard let pointer = getenv(name), pointer.pointee != 0 else { return nil }
    return SecretBytes(copying: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
  }
}

extension Environment {
  /// Calls `body` with this process's environment plus `values` (which win over inherited
  /// variables of the same name), built in secret memory and wiped when `body` returns.
  /// No `SEALVAULT_*` variable is passed on: they name or hold the private keys.
  static func withChildEnvironment<Output>(
    _ values: [(name: SecretName, value: SecretValue)],
    _ body: ([UnsafeMutablePointer<CChar>?]) throws(Failure) -> Output
  ) throws(Failure) -> Output {
    let names = Swift.Set(values.map(\.name.text))
    var inherited: [UnsafeMutablePointer<CChar>?] = []
    var index = 0
    while let entry = environ[index] {
      let length = strchr(entry, Int32(UInt8(ascii: "="))).map { $0 - entry } ?? strlen(entry)
      let name = String(decoding: UnsafeRawBufferPointer(start: entry, count: length), as: UTF8.self)
      if !names.contains(name) && !SecretName.isReserved(name) { inherited.append(entry) }
      index += 1
    }
    var block = SecretBuffer()
    var offsets: [Int] = []
    for (name, value) in values {
      offsets.append(block.count)
      block.append("\(name)=".utf8)
      block.append(value.bytes)
      block.append(byte: 0)
    }
    let entries = block.bytes()
    return try entries.withUnsafeMutableBytes { raw in
      let pointers = offsets.map {
        UnsafeMutablePointer<CChar>?((raw.baseAddress! + $0).assumingMemoryBound(to: CChar.self))
      }
      return Result { () throws(Failure) in try body(inherited + pointers + [nil]) }
    }.get()
  }
}
