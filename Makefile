# mcp-census: build, test, run and install.
#   make run      set up, build and run the example job (reports in reports/)
#   make test     set up and run every test
#   make build    debug build;  make release: optimised build
#   make install  PREFIX=/usr/local (default)

SWIFT   ?= swift
PYTHON  ?= python3
PREFIX  ?= /usr/local
VENV    := $(CURDIR)/.venv
STAMP   := $(VENV)/.installed
RELEASE := .build/release/mcp-census
DEBUG   := .build/debug/mcp-census

.PHONY: all setup yaml build release test run install clean

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

run: setup release
	PATH="$(VENV)/bin:$$PATH" $(RELEASE) run manifests/example.yaml

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE) $(DESTDIR)$(PREFIX)/bin/mcp-census

clean:
	rm -rf .build $(VENV)
