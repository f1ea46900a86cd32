# Two commands set everything up on a fresh machine:
#   make serve   installs optiviz (with the app) into .venv and starts the app on port 5006
#   make test    installs optiviz with its test tools and Chromium, then runs ruff and pytest
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PORT ?= 5006
ADDRESS ?= localhost

.PHONY: serve test lint chromium benchmark

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

serve: $(VENV)/.app
	$(BIN)/optiviz serve --port $(PORT) --address $(ADDRESS)

chromium:
	@command -v chromium >/dev/null || ( \
		(apt-get install -y --no-install-recommends chromium || \
		 (apt-get update && apt-get install -y --no-install-recommends chromium)) >/dev/null )

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint chromium
	$(BIN)/python -m pytest

benchmark: $(VENV)/.test
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/sweep.py
