// prctl(2) is variadic, which Swift cannot call: this names the one call sealvault makes.
#include <sys/prctl.h>

/// Makes the process not dumpable (no core, no ptrace or /proc/PID/mem by other processes
/// of the user); returns prctl's result.
static inline int sealvault_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

