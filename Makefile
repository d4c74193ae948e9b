# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
BIN := .build/debug/sealvault

.PHONY: deps build demo test test-sanitize lint crosscheck docs man man-check fuzz bench

# Installs what is missing: Debian's packages, and PyNaCl, PyYAML and python-dotenv for the cross-checks.
deps:
	@scripts/deps.sh

build: deps
	swift build

demo: build
	@scripts/demo.sh $(BIN)

lint:
	swift format lint --strict -r -p Sources Tests Fuzz Benchmarks Package.swift

# Every test: lint, the install step as a fresh machine runs it, unit and end-to-end tests,
# the independent cross-checks, the man page, and the suite again under both sanitizers.
test: deps lint
	@scripts/test-deps.sh
	swift build --build-tests
	swift test --skip-build
	@$(MAKE) --no-print-directory crosscheck
	@$(MAKE) --no-print-directory man-check
	@$(MAKE) --no-print-directory test-sanitize

# Tokens made by the CLI opened by PyNaCl (Tests/Vectors/open_vault.py), and the strict reader
# against PyYAML over the fuzz corpus (Tests/Vectors/differential.py).
crosscheck:
	@scripts/crosscheck.sh $(BIN)
	@python3 Tests/Vectors/differential.py $(BIN)

# Every test once under AddressSanitizer and once under ThreadSanitizer, each in its own build
# directory (the CLI the tests run is built with the same sanitizer); the last step of
# `make test`.
# The fault shim is preloaded before ASan's runtime; the sanitizers would otherwise set the
# core limit to 0 (a test checks the child gets the user's), and ASan keep 256 MiB of freed
# memory.
SANITIZE_ENV := SEALVAULT_TEST_SANITIZER=1 SWIFT_BACKTRACE=enable=no \
  ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0:disable_coredump=0:quarantine_size_mb=16 \
  TSAN_OPTIONS=disable_coredump=0
test-sanitize: deps
	@start=$$(date +%s); set -e; \
	for sanitizer in address thread; do \
	  swift build --build-tests --sanitize=$$sanitizer --scratch-path .build-$$sanitizer; \
	  $(SANITIZE_ENV) swift test --skip-build --sanitize=$$sanitizer --scratch-path .build-$$sanitizer; \
	done; \
	echo "test-sanitize: the suite under ASan and TSan, builds included, in $$(( $$(date +%s) - start )) s"

# The library's documentation (DocC), with its article "Embedding sealvault in an executor".
docs:
	swift package --allow-writing-to-directory .build/docs generate-documentation --target SealFormat \
	  --output-path .build/docs --warnings-as-errors

# The man page, generated from the commands' help by argument-parser's plugin, shipped in
# docs/man. The date is fixed so the page changes only when the help does.
MAN_DATE := 2026-12-01
man:
	swift package --allow-writing-to-package-directory generate-manual --date $(MAN_DATE) --output-directory docs/man

# Fails when docs/man/sealvault.1 is not what `make man` makes now.
man-check:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	swift package --allow-writing-to-directory "$$tmp" generate-manual --date $(MAN_DATE) --output-directory "$$tmp" >/dev/null; \
	diff -u docs/man/sealvault.1 "$$tmp/sealvault.1" || { echo "man-check: docs/man/sealvault.1 is out of date: run make man"; exit 1; }; \
	echo "man-check: docs/man/sealvault.1 is current"

# The libFuzzer targets (Fuzz/README.md), each for FUZZ_SECONDS (default 60), FUZZ_JOBS at a time.
fuzz: deps
	@Fuzz/run.sh

# Every ratio of docs/PERFORMANCE.md from one run (Benchmarks/run.sh): installs hyperfine,
# age, gnupg and sops 1.18, builds the C floor, writes docs/performance-run.md and the plot.
bench: deps
	@Benchmarks/run.sh
