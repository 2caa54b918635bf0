# Quick start: `make demo` then `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck install install-dev bench screenshots accuracy office-holders clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/wirecoder demo --db wirecoder-demo.db

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

test: lint typecheck
	bash scripts/run-tests.sh

bench: $(VENV)/.installed
	$(BIN)/python bench/ingest_segment.py

screenshots: $(VENV)/.installed-dev
	$(BIN)/python scripts/screenshots.py docs/screenshots

accuracy: $(VENV)/.installed
	$(BIN)/python scripts/accuracy_report.py

office-holders: $(VENV)/.installed
	$(BIN)/wirecoder actors coverage --markdown > docs/office-holders.md

clean:
	rm -rf $(VENV) wirecoder-demo.db .pytest_cache .mypy_cache .ruff_cache
