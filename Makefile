# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
APT_PACKAGES := libsodium-dev libyaml-dev pkg-config
BIN := .build/debug/sealvault

.PHONY: deps build demo test lint crosscheck

# Installs what is missing: Debian packages, and PyNaCl, PyYAML and python-dotenv for the cross-checks.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing $$missing"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && $$sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import nacl, yaml, dotenv' 2>/dev/null || python3 -m pip install -q pynacl pyyaml python-dotenv

build: deps
	swift build

demo: build
	@scripts/demo.sh $(BIN)

lint:
	swift format lint --strict -r -p Sources Tests Package.swift

# Every test: lint, unit and end-to-end tests, and the independent cross-check.
test: deps lint
	swift build --build-tests
	swift test --skip-build
	@$(MAKE) --no-print-directory crosscheck

# Tokens made by the CLI opened by PyNaCl (Tests/Vectors/open_vault.py).
crosscheck:
	@scripts/crosscheck.sh $(BIN)
