import Glibc
import SealFormat

/// The hidden prompt: echo off on the terminal for one line, restored even on Ctrl-C.
enum Terminal {
  /// The terminal's settings, restored on exit or signal. On the heap: AddressSanitizer
  /// reports `tcgetattr` into a Swift global of an imported struct as an overflow.
  nonisolated(unsafe) private static let saved = UnsafeMutablePointer<termios>.allocate(capacity: 1)

  static func readHidden(prompt: String, limit: Int) throws(Failure) -> SecretBytes {
    guard tcgetattr(0, saved) == 0 else {
      throw .failed("stdin is a terminal but a hidden prompt is impossible here; pipe the value or use --from-file")
    }
    var hidden = saved.pointee
    hidden.c_lflag &= ~tcflag_t(ECHO)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
      Glibc.signal(signal) { number in
        tcsetattr(0, TCSAFLUSH, Terminal.saved)
        _exit(128 + number)
      }
    }
    guard tcsetattr(0, TCSAFLUSH, &hidden) == 0 else {
      throw .failed("cannot turn off echo on the terminal; pipe the value or use --from-file")
    }
    Console.write(Console.streams.err, Array(prompt.utf8))
    defer {
      tcsetattr(0, TCSAFLUSH, saved)
      Console.note("")
    }
    let line = SecretBytes(count: limit)
    var length = 0
    line.withUnsafeMutableBytes { raw in
      while length < raw.count {
        let count = read(0, raw.baseAddress! + length, 1)
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { return }
        if raw[length] == 0x0A {
          raw[length] = 0
          return
        }
        length += 1
      }
    }
    guard !moreInputPending() else {
      tcflush(0, TCIFLUSH)
      throw .failed(
        "the pasted value has several lines, and the prompt takes one; nothing was set: put the value in a file and use --from-file PATH"
      )
    }
    return line.prefix(length)
  }

  /// Whether more input follows the line at once, as when a value of several lines is
  /// pasted: the rest is refused (and discarded) rather than silently dropped or left for
  /// the shell to run.
  private static func moreInputPending() -> Bool {
    var input = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
    return poll(&input, 1, 50) > 0 && input.revents & Int16(POLLIN) != 0
  }
}
