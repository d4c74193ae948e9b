// What sealvault asks of the process that Swift cannot say itself: prctl(2) is variadic,
// and a signal handler must be plain async-signal-safe C.
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/// Makes the process not dumpable (no core, no ptrace or /proc/PID/mem by other processes
/// of the user); returns prctl's result.
static inline int sealvault_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

/// On a crash: one line, then the default action (no core: the limit is 0 and the process
/// not dumpable). Swift's backtracer, whose handlers this replaces, would print registers
/// and the memory they point at, which may hold a value or a key.
static void sealvault_on_crash(int signal_number) {
  static const char message[] = "sealvault: crashed; no crash report is written (it could show a secret)\n";
  ssize_t written = write(2, message, sizeof message - 1);
  (void)written;
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

/// Installs `sealvault_on_crash` for every signal a crash raises, on an alternate stack so a
/// stack overflow of the main thread still reaches it.
static inline void sealvault_install_crash_handlers(void) {
  static char stack[1 << 16];
  stack_t alternate;
  memset(&alternate, 0, sizeof alternate);
  alternate.ss_sp = stack;
  alternate.ss_size = sizeof stack;
  sigaltstack(&alternate, 0);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = sealvault_on_crash;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND;
  const int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT};
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &action, 0);
}
