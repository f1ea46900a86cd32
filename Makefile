# Two commands set everything up on a fresh machine:
#   make serve   installs optiviz (with the app) into .venv and starts the app on port 5006
#                (WORKERS=auto: one process per core behind HAProxy, installed if missing)
#   make test    installs optiviz with its test tools, Chromium and HAProxy, then runs ruff
#                and pytest (and axe-core from npm for the accessibility tests)
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PORT ?= 5006
ADDRESS ?= localhost
WORKERS ?= 1

.PHONY: serve test lint chromium proxy benchmark axe

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[app]"
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.app

serve: $(VENV)/.app $(if $(filter-out 1,$(WORKERS)),proxy)
	$(BIN)/optiviz serve --port $(PORT) --address $(ADDRESS) --workers $(WORKERS)

chromium:
	@command -v chromium >/dev/null || ( \
		(apt-get install -y --no-install-recommends chromium || \
		 (apt-get update && apt-get install -y --no-install-recommends chromium)) >/dev/null )

proxy:
	@command -v haproxy >/dev/null || test -x /usr/sbin/haproxy || ( \
		(apt-get install -y --no-install-recommends haproxy || \
		 (apt-get update && apt-get install -y --no-install-recommends haproxy)) >/dev/null )

# axe-core (npm) for the accessibility tests, at the version package-lock.json pins.
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint chromium proxy axe
	$(BIN)/python -m pytest

benchmark: $(VENV)/.test
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/sweep.py
