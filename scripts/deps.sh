#!/usr/bin/env bash
# Installs what `make` needs and is missing: Debian's packages (through sudo when not
# root), then PyNaCl, PyYAML and python-dotenv for the cross-checks and the pre-commit
# framework for the hooks' test (Debian's packages serve Debian's python3; another python3,
# such as pyenv's, gets them from pip).
set -euo pipefail
packages=(libsodium-dev libyaml-dev pkg-config python3 python3-nacl python3-yaml python3-dotenv pre-commit)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
if ! python3 -c 'import nacl, yaml, dotenv' 2>/dev/null; then
  python3 -m pip install -q pynacl pyyaml python-dotenv
fi
command -v pre-commit >/dev/null || python3 -m pip install -q pre-commit
