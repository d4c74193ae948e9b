#!/usr/bin/env bash
# `make bench`: every ratio of issue 12 from one run on this machine (docs/PERFORMANCE.md).
# Installs what it needs (Debian's hyperfine, age, gnupg and time; sops 1.18 and matplotlib
# from PyPI in a venv), builds the release binary, the in-process benchmark and the C floor
# (Benchmarks/floor.c, CONTRACT §4 and nothing else, against libsodium), makes the vaults,
# times whole processes with hyperfine, then writes the tables to docs/performance-run.md
# and the plot to docs/performance-open.png (Benchmarks/report.py).
# BENCH_RUNS (default 10) sets the runs of each slow command; start-up takes 10 times more.
set -euo pipefail
repo=$(realpath "$(dirname "$0")/..")
out="$repo/.build-bench"
runs=${BENCH_RUNS:-10}

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
missing=()
for package in hyperfine age gnupg time gcc python3-venv; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$out"
if [ ! -x "$out/venv/bin/sops" ] || ! "$out/venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
  echo "bench: sops 1.18 and matplotlib into $out/venv"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install -q 'sops==1.18' 'ruamel.yaml<0.18' matplotlib
fi

echo "bench: building"
swift build -c release --static-swift-stdlib --package-path "$repo" --product sealvault >/dev/null
swift build -c release --package-path "$repo" --product sealvault-bench >/dev/null
bin="$repo/.build/release/sealvault"
cflags=$(pkg-config --cflags --libs libsodium)
# shellcheck disable=SC2086
gcc -O2 -o "$out/floor" "$repo/Benchmarks/floor.c" $cflags -pthread
gcc -O2 -o "$out/hello" "$repo/Benchmarks/hello.c"
floor="$out/floor"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work/home" GNUPGHOME="$work/gnupg"
mkdir -p -m 700 "$GNUPGHOME"
results="$out/results"
rm -rf "$results"
mkdir -p "$results"

"$bin" init >/dev/null 2>&1
key=$(ls "$HOME"/.config/sealvault/keys/*.key)
public=$(grep -o 'sv1pk:[^ ]*' vault/sealvault.yaml)
# A vault of its own for each shape, all sealed to one key.
new_vault() {
  mkdir -p "$1/workflows"
  cp vault/sealvault.yaml vault/global.yaml "$1/"
}
# NAME=VALUE lines: N secrets named S000000..., values of 12 bytes.
dotenv() { python3 -c "import sys; print('\n'.join(f'S{i:06d}=value-{i:06d}' for i in range(int(sys.argv[1]))))" "$1"; }
# hyperfine into results/NAME.json; every remaining argument is a command.
measure() {
  local name=$1 count=$2
  shift 2
  hyperfine -N --style none --warmup 1 --runs "$count" --export-json "$results/$name.json" "$@" >/dev/null \
    2> >(grep -v -e 'Statistical outliers' -e '^ *$' >&2)
}
# Peak RSS in KiB of one run.
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "bench: opening (batch shape: one import each)"
sizes=(100 1000 10000 100000)
for n in "${sizes[@]}"; do
  new_vault "batch-$n"
  dotenv "$n" >"batch-$n.env"
  "$bin" import --vault "batch-$n" -w w "batch-$n.env" >/dev/null 2>&1
  measure "open-$n" "$runs" \
    "$bin check --open --vault batch-$n" "$bin export --vault batch-$n -w w --format json" \
    "$floor open $key batch-$n 1" "$floor open $key batch-$n 2" \
    "taskset -c 0 $bin check --open --vault batch-$n" "taskset -c 0 $bin export --vault batch-$n -w w --format json" \
    "taskset -c 0 $floor open $key batch-$n 1" "$bin check --vault batch-$n"
done

echo "bench: opening (one-by-one shape: an ephemeral key per token)"
new_vault onebyone
dotenv 10000 | "$floor" seal "$public" workflow/w each >onebyone/workflows/w.yaml
measure onebyone "$runs" "$bin check --open --vault onebyone" "$floor open $key onebyone 2" \
  "taskset -c 0 $bin check --open --vault onebyone" "taskset -c 0 $floor open $key onebyone 1"

echo "bench: check of 100,000 secrets in 1,000 files"
new_vault many
dotenv 100 >many.env
for w in $(seq -w 0 999); do
  sed "s/^S/W${w}_/" many.env | "$floor" seal "$public" "workflow/w$w" >"many/workflows/w$w.yaml"
done
measure many "$runs" "$bin check --vault many" "taskset -c 0 $bin check --vault many" \
  "$bin check --open --vault many" "taskset -c 0 $bin check --open --vault many"
rss "$bin" check --vault many >"$results/many-check.rss"

echo "bench: masking"
python3 -c "import secrets; print('\n'.join(f'MASKED_{i}={secrets.token_urlsafe(18)}' for i in range(1000)))" >mask.env
"$bin" import -w masked mask.env >/dev/null 2>&1
head -c 50331648 /dev/urandom | base64 -w 76 >text.b64
measure mask "$runs" "sh -c 'cat text.b64 | cat'" "sh -c '$bin run -w masked --mask -- cat text.b64 | cat'"
rss "$bin" run -w masked --mask -- cat text.b64 >"$results/mask.rss"

echo "bench: start-up"
new_vault startup
dotenv 50 >startup.env
"$bin" import --vault startup -w w startup.env >/dev/null 2>&1
measure startup $((runs * 10)) "$out/hello" "$bin --version" "true" "$bin run --vault startup -w w -- true"

echo "bench: render and set against the size of the scope"
for n in 0 10000; do
  new_vault "render-$n"
  { echo "TARGET=value-target"; dotenv "$n"; } | grep . >"render-$n.env"
  "$bin" import --vault "render-$n" "render-$n.env" >/dev/null 2>&1
  new_vault "set-$n"
  if [ "$n" -gt 0 ]; then dotenv "$n" >"set-$n.env" && "$bin" import --vault "set-$n" -w w "set-$n.env" >/dev/null 2>&1; fi
done
printf 'token=@{TARGET}\n' >template.txt
measure render $((runs * 4)) "$bin render --vault render-0 template.txt" "$bin render --vault render-10000 template.txt"
printf 'value-new\n' >value.txt
measure set $((runs * 4)) "$bin set --vault set-0 -w w NEW --from-file value.txt" \
  "$bin set --vault set-10000 -w w NEW --from-file value.txt"

echo "bench: peers (sops 1.18 with gnupg, age)"
gpg --batch --passphrase '' --quick-gen-key bench@sealvault.invalid default default never >/dev/null 2>&1
fingerprint=$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')
age-keygen -o age.key 2>/dev/null
recipient=$(grep -o 'age1[0-9a-z]*' age.key | head -1)
for n in 100 1000 10000; do
  dotenv "$n" | sed 's/=/: /' >"sops-$n.yaml"
  "$out/venv/bin/sops" --pgp "$fingerprint" -e "sops-$n.yaml" >"sops-$n.enc.yaml" 2>/dev/null
done
for n in "${sizes[@]}"; do
  dotenv "$n" | age -r "$recipient" -o "age-$n.age"
done
measure peers-sops 3 "$out/venv/bin/sops -d sops-100.enc.yaml" "$out/venv/bin/sops -d sops-1000.enc.yaml" \
  "$out/venv/bin/sops -d sops-10000.enc.yaml"
measure peers-age "$runs" "age -d -i age.key age-100.age" "age -d -i age.key age-1000.age" \
  "age -d -i age.key age-10000.age" "age -d -i age.key age-100000.age"

echo "bench: in-process loops"
"$repo/.build/release/sealvault-bench" batch-100000/workflows/w.yaml "$key" >"$results/in-process.txt"

"$out/venv/bin/python" "$repo/Benchmarks/report.py" "$results" "$repo/docs"
