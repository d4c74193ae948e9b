#!/usr/bin/env bash
# make fuzz: builds every target, then runs each for FUZZ_SECONDS (default 60), FUZZ_JOBS at a
# time (default 2). Fails on any crash, failed property, leak, input over 1 s or over 256 MiB.
# New inputs go to .build-fuzz/corpus/<target> (kept between runs, not committed); a failing
# input goes to .build-fuzz/artifacts/. Prints one line per target: seconds, executions,
# edges covered, corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
bin=$(Fuzz/build.sh)
mkdir -p .build-fuzz/corpus .build-fuzz/artifacts .build-fuzz/logs
run() {
  local target=$1 log=.build-fuzz/logs/$1.log
  mkdir -p ".build-fuzz/corpus/$target"
  # The backtracer would wait on a crashed process; ASan's quarantine would count as RSS.
  if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=quarantine_size_mb=16:detect_leaks=1 \
    "$bin/$target" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=256 -print_final_stats=1 \
    -dict="Fuzz/dictionaries/$target.dict" -artifact_prefix=".build-fuzz/artifacts/$target-" \
    ".build-fuzz/corpus/$target" "Fuzz/seeds/$target" >"$log" 2>&1; then
    local execs edges corpus
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    corpus=$(find ".build-fuzz/corpus/$target" "Fuzz/seeds/$target" -type f | wc -l)
    printf '%-13s %5ss %12s executions %6s edges %6s inputs\n' "$target" "$seconds" "$execs" "$edges" "$corpus"
  else
    echo "$target FAILED (see $log):"
    grep -E 'ERROR|Fatal error|SUMMARY|Test unit written' "$log" | head -5
    return 1
  fi
}
export -f run
export bin seconds
printf '%s\n' FuzzScope FuzzToken FuzzTemplate FuzzDotenv FuzzMerge FuzzMasker | xargs -P "$jobs" -I{} bash -c 'run {}'
