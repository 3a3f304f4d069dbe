# plainhealth — `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := samples/kratom-chronic-pain.html

.PHONY: demo test lint typecheck unit bench wheel-check clean system
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BROWSER_DEPS := tests/browser/node_modules/.package-lock.json

demo: $(STAMP)
	$(BIN)/plainhealth convert $(SAMPLE) -o out/ --force
	@echo "Outputs are in out/"

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(BROWSER_DEPS)
	$(BIN)/pytest

# axe-core + puppeteer-core for tests/test_browser.py (drives the system Chromium; downloads none)
$(BROWSER_DEPS): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# Build the wheel, install it into a fresh virtual environment, convert a sample with it.
wheel-check: $(STAMP)
	rm -rf dist /tmp/plainhealth-wheel-venv /tmp/plainhealth-wheel-out
	$(BIN)/python -m build --wheel --outdir dist . >/dev/null
	$(PYTHON) -m venv /tmp/plainhealth-wheel-venv
	/tmp/plainhealth-wheel-venv/bin/pip install -qq dist/*.whl
	cd /tmp && /tmp/plainhealth-wheel-venv/bin/plainhealth convert $(CURDIR)/$(SAMPLE) -o /tmp/plainhealth-wheel-out
	test -s /tmp/plainhealth-wheel-out/kratom-chronic-pain.json
	test -s /tmp/plainhealth-wheel-out/kratom-chronic-pain.html
	test -s /tmp/plainhealth-wheel-out/kratom-chronic-pain.mp3

# System packages (Debian): espeak-ng for speech, Chromium for the handout's browser check.
system:
	@{ command -v chromium && command -v espeak-ng; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium espeak-ng; }

$(STAMP): pyproject.toml
	$(MAKE) system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e ".[dev,neural]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist build out .pytest_cache .mypy_cache .ruff_cache
