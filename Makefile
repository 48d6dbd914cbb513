# Penata: the commands of the README. `make check` is exactly what CI runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
export PENATA_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000
EMPLOYEES ?= 15000
PYTEST_ARGS ?=

.PHONY: help venv demo serve test test-pg check lint format types migrations-check bench messages vendor clean fuzz load

help:
	@echo "make demo   - set up everything and start Penata with the Semarang demo data"
	@echo "make test   - run the test suite (SQLite; PENATA_DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make check  - lint, format check, types, migration check and tests (what CI runs)"
	@echo "make bench  - benchmarks, JSON under bench/results/"
	@echo "make fuzz   - schemathesis against the running API, every role (JSON: bench/results/fuzz.json)"
	@echo "make load   - production-like server under a locust load (DURATION=5m USERS=50)"

$(BIN)/penata: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Penata needs Python 3.12 or newer (found " + sys.version.split()[0] + ").")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/penata

demo: venv
	PENATA_DEBUG=1 $(BIN)/penata migrate --noinput -v 1
	PENATA_DEBUG=1 $(BIN)/penata seed-demo
	PENATA_DEBUG=1 HOST=$(HOST) PORT=$(PORT) scripts/serve-demo.sh

test: venv
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: venv
	$(BIN)/mypy penata

migrations-check: venv
	PENATA_DEBUG=1 PENATA_DATA_DIR=$$(mktemp -d) $(BIN)/penata makemigrations --check --dry-run

check: lint types migrations-check test

# SCALE=province (1,000,000 ASN) or national (6,000,000): the scaling benchmark by default, on a
# throwaway PostgreSQL cluster unless PENATA_DATABASE_URL is set; SEED_ONLY=1 stops after the seed.
BIG_SCALE := $(filter province national,$(SCALE))
bench: venv
	$(if $(and $(BIG_SCALE),$(if $(PENATA_DATABASE_URL),,x)),scripts/with-postgres.sh penata_bench,) \
	$(if $(SEED_ONLY),env PENATA_BENCH_SEED_ONLY=1,) \
	$(BIN)/python -m bench $(if $(SCALE),--scale $(SCALE),) $(if $(ONLY),$(foreach b,$(ONLY),--only $(b)),$(if $(BIG_SCALE),--only scaling,))

# Load test: gunicorn + PostgreSQL + task worker on loopback, driven by locust; see docs/scaling.md.
DURATION ?= 5m
USERS ?= 50
load: venv
	$(BIN)/python -c 'import locust, matplotlib' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,load]'
	BIN=$(BIN) DURATION=$(DURATION) USERS=$(USERS) EMPLOYEES=$(EMPLOYEES) scripts/load.sh

# Hostile API input: seed a small data set, start gunicorn on loopback, schemathesis per role
# (10,000+ cases; FUZZ_EXAMPLES per operation and phase). See docs/security-input.md.
fuzz: venv
	$(BIN)/python scripts/fuzz.py $(if $(FUZZ_EXAMPLES),--max-examples $(FUZZ_EXAMPLES),)

messages: venv
	cd penata && ../$(BIN)/penata makemessages -l en --no-obsolete && ../$(BIN)/penata compilemessages -l en

vendor:
	vendor/update.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
