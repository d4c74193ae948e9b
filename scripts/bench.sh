#!/usr/bin/env bash
# Rerunnable benchmark of the release build; each number is a ratio against a baseline
# measured in the same run, on the same machine. Usage: scripts/bench.sh [SECRETS]
#   - check --open of SECRETS secrets (default 100000, in 4 workflow files) against
#     check alone (reading and validating the same files without opening anything);
#   - run --mask on 1 GiB of output without newlines against run without --mask;
#   - run --mask of 64 MiB of base64 text (wrapped at 76) with 1,000 secrets in the set
#     against cat of the same file (the throughput of a stream no masking can beat).
set -euo pipefail
secrets=${1:-100000}
repo=$(realpath "$(dirname "$0")/..")
swift build -c release --package-path "$repo" >/dev/null
bin="$repo/.build/release/sealvault"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work/home"
"$bin" init 2>/dev/null
per=$((secrets / 4))
for w in 0 1 2 3; do
  python3 -c "import sys; print('\n'.join(f'SECRET_{i}=value-{i:08d}' for i in range(int(sys.argv[1]))))" "$per" > "w$w.env"
  "$bin" import -w "wf$w" "w$w.env" 2>/dev/null
done
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
best() { local best=999999 t; for _ in 1 2 3; do t=$(seconds "$@"); best=$(echo "if ($t < $best) $t else $best" | bc -l); done; echo "$best"; }
check=$(best "$bin" check)
open=$(best "$bin" check --open)
printf 'check --open, %d secrets: %.3f s; check alone: %.3f s; ratio %.2f\n' "$secrets" "$open" "$check" "$(echo "$open / $check" | bc -l)"
gib='head -c 1073741824 /dev/zero | tr "\0" x'
plain=$(best "$bin" run -w wf0 -- sh -c "$gib")
masked=$(best "$bin" run -w wf0 --mask -- sh -c "$gib")
printf 'run --mask, 1 GiB: %.3f s; run: %.3f s; ratio %.2f\n' "$masked" "$plain" "$(echo "$masked / $plain" | bc -l)"
python3 -c "import secrets; print('\n'.join(f'MASKED_{i}={secrets.token_urlsafe(18)}' for i in range(1000)))" > mask.env
"$bin" import -w masked mask.env 2>/dev/null
head -c 50331648 /dev/urandom | base64 -w 76 > text.b64
cat=$(best cat text.b64)
masking=$(best "$bin" run -w masked --mask -- cat text.b64)
printf 'run --mask, 1,000 secrets, 64 MiB of base64: %.3f s; cat: %.3f s; throughput %.2f x cat\n' "$masking" "$cat" "$(echo "$cat / $masking" | bc -l)"
