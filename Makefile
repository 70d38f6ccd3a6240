# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run   — create .venv, install, open the app on the demo shop
#   make test  — create .venv, install, lint, type-check and run the whole suite headless
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint format typecheck pytest bench screenshots clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Regulars needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/regulars --demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Two workers: the suite runs its database tests on SQLite and on a throwaway PostgreSQL.
pytest: $(STAMP)
	$(BIN)/pytest -n 2

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist

screenshots: $(STAMP)
	$(BIN)/python docs/make_screenshots.py
