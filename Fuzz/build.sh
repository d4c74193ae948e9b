#!/usr/bin/env bash
# Builds every libFuzzer target (Fuzz/README.md) with -sanitize=fuzzer,address into
# .build-fuzz; prints the directory of the binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(FuzzScope FuzzToken FuzzTemplate FuzzDotenv FuzzMerge FuzzMasker)
flags=(--scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
for target in "${targets[@]}"; do
  SEALVAULT_FUZZ=1 swift build "${flags[@]}" --product "$target" 2>&1 | grep -v 'ld.gold: warning: Cannot export local symbol' >&2
done
SEALVAULT_FUZZ=1 swift build "${flags[@]}" --show-bin-path
