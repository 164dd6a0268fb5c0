# The README's two commands: `make demo` and `make test`.
# The interpreter .venv is made from: Debian's own python3 when it is 3.10 or newer and can make
# a venv, else python3 on PATH; `make PYTHON=...` chooses another. Debian builds CPython with
# profile-guided and link-time optimisation and links it statically, and runs the import
# faster than a build from source without them (docs/design-notes.md, « The interpreter »).
PYTHON ?= $(or $(shell for p in /usr/bin/python3 python3; do \
  $$p -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1 \
  && { echo $$p; break; }; done),python3)
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra ghostscript fonts-dejavu-core
DB := demo/registre.db

.PHONY: setup setup-dev system-deps demo test lint bench-accuracy samples clean

# The package and what it imports at run time (all `make demo` needs)...
$(BIN)/registre: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

# ...and the `dev` extra on top, for the tests, the linter and the sample generator.
$(VENV)/.dev: $(BIN)/registre
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: system-deps $(BIN)/registre

setup-dev: setup $(VENV)/.dev

# Debian packages for OCR and the test fixtures' fonts: installed when missing and root,
# otherwise named so that a person can install them.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Registre needs these Debian packages:$$missing"; echo "  sudo apt-get install$$missing"; exit 3; fi; \
	fi

demo: setup
	@mkdir -p demo
	@test -n "$$(ls data/samples/*.pdf 2>/dev/null)" || \
	  { $(MAKE) --no-print-directory $(VENV)/.dev && $(BIN)/python bench/make_samples.py data/samples; }
	$(BIN)/registre import data/samples --db $(DB)
	$(BIN)/registre search "subvention" --db $(DB) --limit 5
	$(BIN)/registre stats --db $(DB)
	$(BIN)/registre export --format csv -o demo/deliberations.csv --db $(DB)
	$(BIN)/registre export --format jsonl -o demo/deliberations.jsonl --db $(DB)
	@echo "archive: $(DB); exports: demo/deliberations.csv demo/deliberations.jsonl"

test: setup-dev
	$(BIN)/python -m pytest

lint: setup-dev
	$(BIN)/ruff check registre tests bench

samples: setup-dev
	$(BIN)/python bench/make_samples.py data/samples

bench-accuracy: setup
	$(BIN)/python bench/accuracy.py ../shared/corpus/dev/pdf

clean:
	rm -rf demo .pytest_cache
