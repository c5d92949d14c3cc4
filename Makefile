# mcp-census: build, test, run and install.
#   make run      set up, build and run the example job (reports in reports/)
#   make test     set up and run every test
#   make build    debug build;  make release: optimised build
#   make install  PREFIX=/usr/local (default): binary, man page, completions
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

.PHONY: all setup libs build release test run install install-files clean fuzz soak \
  bench

all: build

# libyaml, libcurl and libcrypto (for SHA-256) are the C libraries we use;
# install them through apt when missing.
libs:
	@pkg-config --exists yaml-0.1 libcurl libcrypto || { \
	  echo "installing libyaml-dev, libcurl4-openssl-dev, libssl-dev (apt-get)"; \
	  apt-get update -qq \
	    && apt-get install -y -qq libyaml-dev libcurl4-openssl-dev libssl-dev; }

# The Python environment holds the real MCP servers the tests talk to.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

setup: libs $(STAMP)

# --version names the commit, read from a file beside the binary: SwiftPM
# cannot pass a string into the build, and a plain `swift build` binary
# without the file says "commit unknown".
COMMIT = { git rev-parse --short=12 HEAD 2>/dev/null || echo unknown; }

build: libs
	$(SWIFT) build
	$(COMMIT) > .build/debug/mcp-census.commit

# The Swift runtime is linked in: the binary runs where no toolchain is
# installed, starts faster and maps less (see BENCHMARKS.md).
release: libs
	$(SWIFT) build -c release --static-swift-stdlib
	$(COMMIT) > .build/release/mcp-census.commit

test: setup
	$(SWIFT) build --build-tests
	$(COMMIT) > .build/debug/mcp-census.commit
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

# The binary, its commit, the man page and the bash and zsh completions.
# `install-files BINARY=...` installs an already built binary (the tests
# install the debug one this way).
BINARY ?= $(RELEASE)
SHARE  := $(DESTDIR)$(PREFIX)/share

install: release
	$(MAKE) --no-print-directory install-files

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/man/man1 $(SHARE)/mcp-census \
	  $(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions
	install -m 755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/mcp-census
	$(COMMIT) > $(SHARE)/mcp-census/commit
	install -m 644 docs/mcp-census.1 $(SHARE)/man/man1/mcp-census.1
	install -m 644 completions/mcp-census.bash \
	  $(SHARE)/bash-completion/completions/mcp-census
	install -m 644 completions/_mcp-census $(SHARE)/zsh/site-functions/_mcp-census

# libFuzzer over the manifest loader, from its own package in Fuzz/ so the
# main build never sees an executable without main. New inputs go to the
# git-ignored Fuzz/corpus; crashes to Fuzz/findings, to be kept as tests.
# (Address sanitizer is left out: with -Onone, swiftc then drops coverage.)
FUZZ_SECONDS ?= 60
FUZZER := Fuzz/.build/debug/ManifestFuzzer

fuzz: libs
	cd Fuzz && $(SWIFT) build -c debug --sanitize=fuzzer
	mkdir -p Fuzz/corpus Fuzz/findings
	$(FUZZER) Fuzz/corpus Fuzz/seeds -dict=Fuzz/yaml.dict \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
	  -rss_limit_mb=1024 -artifact_prefix=Fuzz/findings/

clean:
	rm -rf .build $(VENV)
