# plainhealth — `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := samples/kratom-chronic-pain.html

.PHONY: demo test lint typecheck unit bench wheel-check clean system

demo: $(STAMP)
	$(BIN)/plainhealth convert $(SAMPLE) -o out/ --force
	@echo "Outputs are in out/"

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

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

# System packages (Debian): none are needed by the text pipeline yet.
system:
	@true

$(STAMP): pyproject.toml
	$(MAKE) system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e ".[dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist build out .pytest_cache .mypy_cache .ruff_cache
