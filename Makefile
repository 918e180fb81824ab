# CareHub: the README's commands. `make test` is what CI runs.
SWIFT ?= swift
.DEFAULT_GOAL := help

.PHONY: help deps build test unit-tests conformance fuzz-ci fuzz bench demo clean

help:
	@echo "make demo    run the CareHub demo"
	@echo "make test    run every test (what CI runs)"
	@echo "make bench   release-build benchmarks; figures go in docs/PERFORMANCE.md"
	@echo "make fuzz    long libFuzzer run over every decoder (FUZZ_SECONDS=600)"

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

unit-tests: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# bleak (PyPI, pinned, in .venv) against bluez-sim on a private bus.
conformance: deps
	SWIFT=$(SWIFT) scripts/bleak-conformance

test: unit-tests conformance

clean:
	rm -rf .build .build-* Fuzz/.out
