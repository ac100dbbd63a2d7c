# Two commands do all the set-up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench schemas format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@echo '$$ scenario-schema validate examples/train-action-response.json'
	@$(BIN)/scenario-schema validate examples/train-action-response.json; echo "(exit status $$?)"
	@echo
	@echo '$$ scenario-schema validate examples/invalid-train-action-response.json'
	@$(BIN)/scenario-schema validate examples/invalid-train-action-response.json; echo "(exit status $$?)"

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# Speed against the official SDK and JSON Schema validators (not part of `make test`).
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py

# Regenerate the shipped JSON Schemas from the classes (schemas/ links to this folder).
schemas: $(STAMP)
	$(BIN)/scenario-schema schema --write src/scenario_schema/schemas

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
