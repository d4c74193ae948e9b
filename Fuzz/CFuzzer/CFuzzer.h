// libFuzzer's driver, for a target whose `main` SwiftPM names (Fuzz/README.md).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
