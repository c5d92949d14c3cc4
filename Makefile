# mcp-census: build, test, run and install.
#   make run      set up, build and run the example job (reports in reports/)
#   make test     set up and run every test
#   make build    debug build;  make release: optimised build
#   make install  PREFIX=/usr/local (default)
#   make soak     500 misbehaving servers at concurrency 32, checked for leaks
#   make fuzz     fuzz the manifest loader for FUZZ_SECONDS (default 60)
#   make bench    time mcp-census against the Python SDK and a C floor

SWIFT   ?= swift
PYTHON  ?= python3
PREFIX  ?= /usr/local
VENV    := $(CURDIR)/.venv
STAMP   := $(VENV)/.installed
RELEASE := .build/release/mcp-census
DEBUG   := .build/debug/mcp-census

.PHONY: all setup yaml build release test run install clean fuzz soak bench

all: build

# libyaml is the one C library we use; install it through apt when missing.
yaml:
	@pkg-config --exists yaml-0.1 || { \
	  echo "installing libyaml-dev through apt-get"; \
	  apt-get update -qq && apt-get install -y -qq libyaml-dev; }

# The Python environment holds the real MCP servers the tests talk to.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

setup: yaml $(STAMP)

build: yaml
	$(SWIFT) build

release: yaml
	$(SWIFT) build -c release

test: setup
	$(SWIFT) build --build-tests
	MCP_CENSUS_VENV=$(VENV) $(SWIFT) test --skip-build

soak: setup build
	.build/debug/census-soak --python $(VENV)/bin/python \
	  --fixture Tests/CensusTests/Fixtures/servers/fixture_server.py \
	  --servers 500 --concurrency 32 --seed 42

# The example job's remote entry is served on loopback while the job runs.
run: setup release
	PATH="$(VENV)/bin:$$PATH" $(VENV)/bin/python manifests/servers/run_with_remote.py \
	  38931 -- $(RELEASE) run manifests/example.yaml

# Medians of several runs per workload; see BENCHMARKS.md.
BENCH_ARGS ?=
bench: setup release
	$(PYTHON) Benchmarks/bench.py --census $(RELEASE) \
	  --python $(VENV)/bin/python $(BENCH_ARGS)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE) $(DESTDIR)$(PREFIX)/bin/mcp-census

# libFuzzer over the manifest loader, from its own package in Fuzz/ so the
# main build never sees an executable without main. New inputs go to the
# git-ignored Fuzz/corpus; crashes to Fuzz/findings, to be kept as tests.
# (Address sanitizer is left out: with -Onone, swiftc then drops coverage.)
FUZZ_SECONDS ?= 60
FUZZER := Fuzz/.build/debug/ManifestFuzzer

fuzz: yaml
	cd Fuzz && $(SWIFT) build -c debug --sanitize=fuzzer
	mkdir -p Fuzz/corpus Fuzz/findings
	$(FUZZER) Fuzz/corpus Fuzz/seeds -dict=Fuzz/yaml.dict \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
	  -rss_limit_mb=1024 -artifact_prefix=Fuzz/findings/

clean:
	rm -rf .build $(VENV)
