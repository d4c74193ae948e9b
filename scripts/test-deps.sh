#!/usr/bin/env bash
# `make deps` as a fresh Debian machine runs it: stand-ins first on PATH report every apt
# package missing (dpkg) and record what apt-get and sudo are asked to do; run as root and
# as a user (a stand-in `id`). Usage: scripts/test-deps.sh
set -euo pipefail
repo=$(realpath "$(dirname "$0")/..")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test-deps: $*" >&2; exit 1; }
for who in root user; do
  bin="$work/$who/bin"
  log="$work/$who/log"
  mkdir -p "$bin"
  : > "$log"
  printf '#!/bin/sh\nexit 1\n' > "$bin/dpkg"
  printf '#!/bin/sh\necho "apt-get $*" >> %s\nexit 0\n' "$log" > "$bin/apt-get"
  printf '#!/bin/sh\necho "sudo $1" >> %s\nexec "$@"\n' "$log" > "$bin/sudo"
  if [ "$who" = user ]; then
    printf '#!/bin/sh\n[ "$1" = -u ] && { echo 1000; exit 0; }\nexec /usr/bin/id "$@"\n' > "$bin/id"
  else
    printf '#!/bin/sh\n[ "$1" = -u ] && { echo 0; exit 0; }\nexec /usr/bin/id "$@"\n' > "$bin/id"
  fi
  chmod +x "$bin"/*
  PATH="$bin:$PATH" make --no-print-directory -C "$repo" deps > "$work/$who/out" 2>&1 || fail "$who: make deps failed: $(tail -1 "$work/$who/out")"
  grep -q '^apt-get update -qq$' "$log" || fail "$who: no apt-get update"
  grep -q '^apt-get install -y -qq libsodium-dev libyaml-dev pkg-config python3 python3-nacl python3-yaml python3-dotenv pre-commit$' "$log" \
    || fail "$who: apt-get install not called with every package: $(cat "$log")"
  if [ "$who" = user ]; then
    grep -q '^sudo apt-get$' "$log" && grep -q '^sudo env$' "$log" || fail "user: apt-get not run through sudo"
  else
    grep -q '^sudo' "$log" && fail "root: sudo used"
  fi
done
echo "test-deps: make deps installs every package as root and through sudo as a user"
