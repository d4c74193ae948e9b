#!/usr/bin/env bash
# Seals values with the built CLI, then opens every token with PyNaCl (an implementation
# independent of SealFormat) and reads every file with PyYAML (YAML 1.1), which must see
# every name as a string. Usage: scripts/crosscheck.sh path/to/sealvault
set -euo pipefail
bin=$(realpath "$1")
repo=$(realpath "$(dirname "$0")/..")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work/home"
"$bin" init --key-out exec.key 2>/dev/null
printf 'hunter2\n' | "$bin" set API_KEY
printf 'line 1\nline 2\r\n' | "$bin" set 123
printf 'ünïcødé ✓ 🔑 "q" \\ $HOME' | "$bin" set true
head -c 65536 /dev/zero | tr '\0' 'x' | "$bin" set BIG
printf 'hook' | "$bin" set -w deploy 2024-01-01
printf 'A=1\nexport B="two\\nlines"\n' | "$bin" import -w deploy -
python3 - "$work/expected.json" <<'PY'
import json, sys
json.dump({
    "global": {"API_KEY": "hunter2", "123": "line 1\nline 2", "true": 'ünïcødé ✓ 🔑 "q" \\ $HOME', "BIG": "x" * 65536},
    "workflow/deploy": {"2024-01-01": "hook", "A": "1", "B": "two\nlines"},
}, open(sys.argv[1], "w"))
PY
python3 "$repo/Tests/Vectors/open_vault.py" vault exec.key expected.json
python3 -c '
import sys, yaml
for path in sys.argv[1:]:
    names = yaml.safe_load(open(path))["secrets"]
    bad = [n for n in names if not isinstance(n, str)]
    assert not bad, f"{path}: PyYAML reads {bad!r} as non-strings"
print("crosscheck: PyYAML reads every name as a string")
' vault/global.yaml vault/workflows/deploy.yaml
