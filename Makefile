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

# The documentation site's tools, until pyproject's dev dependencies carry them.
DOCS_STAMP := $(VENV)/.installed-docs

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet 'mkdocs>=1.6.1' 'mkdocs-material>=9.8.2' \
		'mkdocstrings>=1.0.8' 'mkdocstrings-python>=2.0.11'
	touch $(DOCS_STAMP)

# The documentation site, built into site/ with every check on (--strict): broken links
# and anchors, unresolved cross-references and griffe's docstring warnings all fail it.
.PHONY: docs
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
