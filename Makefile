# CareHub: the README's commands. `make test` is what CI runs.
SWIFT ?= swift
.DEFAULT_GOAL := help

.PHONY: help deps build test unit-tests units deb deb-check demo-check conformance fhir-validation fuzz-ci fuzz bench bench-pipeline bench-forward bench-store bench-floor demo screenshots screenshots-store clean

help:
	@echo "make demo    run the CareHub demo"
	@echo "make test    run every test (what CI runs)"
	@echo "make deb     the Debian package for a hub (.build/deb; docs/INSTALL.md)"
	@echo "make bench   release-build benchmarks; figures go in docs/PERFORMANCE.md"
	@echo "make bench-store  carehub-store ingest from 200 hubs, SQLite and PostgreSQL (docs/PERFORMANCE.md)"
	@echo "make fuzz    long libFuzzer run over every decoder (FUZZ_SECONDS=600)"
	@echo "make screenshots  refresh the display screenshots in docs/ (headless chromium)"
	@echo "make screenshots-store  refresh the store's staff-page screenshots in docs/ (headless chromium)"

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

# Tests whose subject is timing against a real window (a scale advertising for 3 s) run on their own
# after the parallel pass: on 2 cores the rest of the suite running beside them would be their subject.
TIMING_TESTS = ConnectPolicyTests
unit-tests: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(TIMING_TESTS)'
	$(SWIFT) test --skip-build --filter '$(TIMING_TESTS)'

test: unit-tests units conformance fhir-validation demo-check fuzz-ci deb-check

# The demo's script on the binaries unit-tests built: the colours it must show, nothing left behind.
demo-check: unit-tests
	@SWIFT=$(SWIFT) scripts/demo-check

# systemd/ and udev/ as a hub reads them: systemd-analyze verify on every unit, carehubd's exposure
# (limit 2.0), sysusers/tmpfiles in a temporary root, every udev rule parsed (scripts/check-units).
units: deps
	$(SWIFT) build --product carehubd
	SWIFT=$(SWIFT) scripts/check-units

# The Debian package carehub_<version>_<arch>.deb in .build/deb (docs/INSTALL.md): release build with
# the Swift runtime linked in. DEB_CONFIG=debug packs the debug build instead.
DEB_CONFIG ?= release
deb: deps
	DEB_CONFIG=$(DEB_CONFIG) SWIFT=$(SWIFT) scripts/build-deb

# CI: the package from the debug build that unit-tests made (a release build from scratch takes as
# long as the whole test build), checked by scripts/check-deb: contents and modes, lintian without
# errors, install and purge in a throwaway root. Last in `test`: --static-swift-stdlib recompiles some
# dependencies (Hummingbird, ~100 tasks), and switching back for the other targets would do it again.
deb-check: deps
	SWIFT=$(SWIFT) scripts/check-deb "$$(DEB_CONFIG=debug DEB_OUT=.build/deb-debug SWIFT=$(SWIFT) scripts/build-deb)"

# libFuzzer + ASan over every decoder. CI: 200000 runs per decoder (18 runs, ~10 s each); fails on a crash.
FUZZ_RUNS ?= 200000
FUZZ_SECONDS ?= 600
fuzz-ci: deps
	Fuzz/run.sh $(FUZZ_RUNS)

fuzz: deps
	Fuzz/run.sh --seconds $(FUZZ_SECONDS)

# Benchmarks/ depends on the root package by path and its incremental release build did not always
# see a new source file there: drop its build plan before every benchmark build.
BENCH_STALE = Benchmarks/.build/release/description.json Benchmarks/.build/release.yaml

# Release-build decode throughput and heap allocations per decode (figures go in docs/PERFORMANCE.md).
bench: bench-pipeline
	cd Benchmarks && $(SWIFT) run -c release carehub-bench

# Indication on a private bus (bluez-sim load mode) → reading pipeline (FULL commits) → display event,
# and the bleak reference gateway (Benchmarks/bleak-gateway, Python) under the same load, interleaved:
# for each run and each load COUNT:RATE, CareHub's pipeline, then the bleak gateway. docs/PERFORMANCE.md.
BENCH_COUNT ?= 2000
BENCH_RATE ?= 500
BENCH_LOADS ?= $(BENCH_COUNT):$(BENCH_RATE) 200:50
BENCH_RUNS ?= 1
bench-pipeline: deps
	rm -rf $(BENCH_STALE)
	$(SWIFT) build -c release --product bluez-sim
	cd Benchmarks && $(SWIFT) build -c release --product carehub-pipeline-bench
	scripts/python-venv
	@set -e; for run in $$(seq $(BENCH_RUNS)); do for load in $(BENCH_LOADS); do \
		count=$${load%%:*}; rate=$${load##*:}; \
		echo "== run $$run, $$count indications at $$rate/s: CareHub (carehub-pipeline-bench)"; \
		Benchmarks/.build/release/carehub-pipeline-bench --sim .build/release/bluez-sim --count $$count --rate $$rate; \
		echo "== run $$run, $$count indications at $$rate/s: bleak reference gateway"; \
		.venv/bin/python Benchmarks/bleak-gateway/bench.py --sim .build/release/bluez-sim --count $$count --rate $$rate; \
	done; done

# Outbox → Forwarder → loopback FHIR store (a child process): readings/s and CPU per reading.
FORWARD_COUNT ?= 50000
FORWARD_BATCH ?= 100
FORWARD_STORE ?= full
bench-forward:
	rm -rf $(BENCH_STALE)
	cd Benchmarks && $(SWIFT) run -c release carehub-forward-bench --count $(FORWARD_COUNT) --batch $(FORWARD_BATCH) --store $(FORWARD_STORE)

# 200 simulated hubs (closed loop, transaction Bundles of the FHIR target's PHD entries) → a release
# carehub-store serve (a child process) on SQLite, then on a private PostgreSQL cluster (fsync on),
# after the same client against a floor that stores nothing: readings/s, Bundle latency, CPU per
# reading, and what the store holds checked exactly. carehub-store is built in Benchmarks/ too, so the
# modules both need compile once. docs/PERFORMANCE.md, "Store ingest".
STORE_READINGS ?= 50000
STORE_BATCH ?= 20
STORE_HUBS ?= 200
bench-store: deps
	rm -rf $(BENCH_STALE)
	cd Benchmarks && $(SWIFT) build -c release --product carehub-store
	cd Benchmarks && $(SWIFT) build -c release --product carehub-store-bench
	Benchmarks/.build/release/carehub-store-bench --floor --readings $(STORE_READINGS) --batch $(STORE_BATCH) --hubs $(STORE_HUBS)

# The platform's floor under one durable reading (C, raw SQLite, no CareHub code): docs/PERFORMANCE.md.
bench-floor: deps
	Benchmarks/floor/run.sh

# bleak (PyPI, pinned, in .venv) against bluez-sim on a private bus.
conformance: deps
	SWIFT=$(SWIFT) scripts/bleak-conformance

# The Bundles of `carehub fhir` for every reading fixture, validated by fhir.resources (PyPI,
# pinned, R4 4.0.1 models, in .venv).
fhir-validation: deps
	SWIFT=$(SWIFT) scripts/fhir-validation

# The display screenshots in docs/, refreshed on purpose (the browser tests write them to a temporary
# directory otherwise, so `make test` never changes tracked files).
screenshots: deps
	$(SWIFT) build --build-tests
	CAREHUB_SCREENSHOT_DIR=$(CURDIR)/docs $(SWIFT) test --skip-build --filter 'BrowserTests'

# The store's staff pages (worklist, patient, message form) in docs/, on purpose, from the browser
# test's made-up clinic (StaffPagesScenario); SQLite is enough for pictures.
screenshots-store: deps
	$(SWIFT) build --build-tests
	CAREHUB_SCREENSHOT_DIR=$(CURDIR)/docs STORE_TEST_BACKENDS=sqlite $(SWIFT) test --skip-build --filter 'StaffPagesChromiumTests'

# What CareHub does today, on a private bus with bluez-sim (see scripts/demo).
demo:
	@scripts/install-deps demo
	@SWIFT=$(SWIFT) scripts/demo

clean:
	rm -rf .build .build-* Fuzz/.out
