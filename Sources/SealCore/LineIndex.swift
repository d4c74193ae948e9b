#if canImport(Glibc)
  import Glibc
#endif

/// Turns byte offsets of a text into marks: built once (the offset of every line start),
/// then each mark is a binary search. The one place offsets become line and column.
package struct LineIndex: Sendable {
  /// Offsets where lines start; the first is 0.
  private let starts: [Int]

  /// The index of `bytes`, whose lines end in `\n`.
  package init(_ bytes: UnsafeRawBufferPointer) {
    var starts = [0]
    var index = 0
    while index < bytes.count, let hit = memchr(bytes.baseAddress! + index, 0x0A, bytes.count - index) {
      index = UnsafeRawPointer(hit) - bytes.baseAddress! + 1
      starts.append(index)
    }
    self.starts = starts
  }

  /// The 1-based line and column (counting UTF-8 characters) of `offset` in `bytes`, the
  /// text this index was built from.
  package func mark(_ offset: Int, in bytes: UnsafeRawBufferPointer) -> Mark {
    var low = 0
    var high = starts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    let column = bytes[starts[low]..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count
    return Mark(line: low + 1, column: column + 1)
  }
}
