import ArgumentParser
import Glibc
import SealFiles
import SealFormat

/// Where `render`, `export` and `get` write values: stdout, refused on a terminal unless
/// `--force`, or `--output FILE`, created mode 600 and written atomically (a failed command
/// leaves an existing FILE as it was), never stdout.
struct ValueOutputOptions: ParsableArguments {
  @Option(name: .long, help: "Write the values to FILE (mode 600, atomically) instead of stdout.")
  var output: String?

  @Flag(help: "Write values even when stdout is a terminal.")
  var force = false

  /// Refuses, before anything is opened, a terminal (unless `--force`) or a FILE that
  /// exists and is not a regular file: the rename would replace a device, a FIFO or a link.
  func refuseTerminal() throws(Failure) {
    if let output {
      if let kind = FileReader.kind(output), kind != .regular {
        throw .failed(
          "\(output): not a regular file \(kind.article); --output writes (and replaces) regular files only")
      }
      return
    }
    guard !force, isatty(Console.streams.out) == 1 else { return }
    throw .failed("refusing to print secret values to a terminal; redirect stdout to a file or a pipe, or pass --force")
  }

  /// Writes what `produce` writes to FILE or to stdout.
  func write(_ produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void) throws(Failure) {
    guard let output else { return produce(Console.write(raw:)) }
    try AtomicFile.stream(to: output, mode: 0o600, produce)
  }
}
