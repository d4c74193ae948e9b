import Glibc
import SealFormat

/// The hidden prompt: echo off on the terminal for one line, restored even on Ctrl-C.
enum Terminal {
  nonisolated(unsafe) private static var saved = termios()

  static func readHidden(prompt: String, limit: Int) throws(Failure) -> SecretBytes {
    guard tcgetattr(0, &saved) == 0 else {
      throw .failed("stdin is a terminal but a hidden prompt is impossible here; pipe the value or use --from-file")
    }
    var hidden = saved
    hidden.c_lflag &= ~tcflag_t(ECHO)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
      Glibc.signal(signal) { number in
        tcsetattr(0, TCSAFLUSH, &Terminal.saved)
        _exit(128 + number)
      }
    }
    guard tcsetattr(0, TCSAFLUSH, &hidden) == 0 else {
      throw .failed("cannot turn off echo on the terminal; pipe the value or use --from-file")
    }
    Console.write(2, Array(prompt.utf8))
    defer {
      tcsetattr(0, TCSAFLUSH, &saved)
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
    return line.prefix(length)
  }
}
