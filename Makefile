# Two commands do all the set-up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Every CPython the package supports; `make test` runs the suite on each (noxfile.py).
PYTHONS := 3.10 3.11 3.12 3.13

# With pyenv, only the global interpreter answers until the others are enabled:
# enable every installed 3.10-3.13 for this run, the global one first.
ifeq ($(origin PYENV_VERSION)$(shell command -v pyenv >/dev/null 2>&1 && echo yes),undefinedyes)
PYENV_VERSION := $(shell current=$$(pyenv version-name); \
	others=$$(pyenv versions --bare | grep -E '^3\.1[0-3]\.[0-9]+$$' | grep -vxF "$$current" | paste -sd: -); \
	echo "$$current$${others:+:$$others}")
export PYENV_VERSION
endif

.PHONY: demo test interpreters lint docs fuzz bench schemas format clean

# The venv starts without pip (creating one with pip is most of a light install's time):
# `VENV_PIP` installs into it with $(PYTHON)'s own pip (`pip --python`, pip >= 22.3), or,
# if that pip cannot, with a pip put into the venv by ensurepip.
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

VENV_PIP = $(shell $(PYTHON) -m pip --python $(BIN)/python --version >/dev/null 2>&1 \
	&& echo '$(PYTHON) -m pip --python $(BIN)/python' \
	|| { $(BIN)/python -m pip --version >/dev/null 2>&1 \
		|| $(BIN)/python -m ensurepip --default-pip >/dev/null; echo '$(BIN)/python -m pip'; })

# Reinstall when the project's metadata changes. `dev` is a dependency group (PEP 735),
# which pip reads from 25.1: the venv gets its own recent pip first.
$(STAMP): $(BIN)/python pyproject.toml
	$(VENV_PIP) install --quiet --upgrade 'pip>=25.1'
	$(BIN)/python -m pip install --quiet -e '.[testing]' --group dev
	touch $(STAMP)

# `make demo` needs the package and its runtime dependencies only (attrs, cattrs):
# a handful of packages, where the development toolchain is a hundred (`make test`).
DEMO_STAMP := $(VENV)/.installed-demo

$(DEMO_STAMP): $(BIN)/python pyproject.toml
	$(VENV_PIP) install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	@echo '$$ scenario-schema validate examples/train-action-response.json'
	@$(BIN)/scenario-schema validate examples/train-action-response.json; echo "(exit status $$?)"
	@echo
	@echo '$$ scenario-schema validate examples/invalid-train-action-response.json'
	@$(BIN)/scenario-schema validate examples/invalid-train-action-response.json; echo "(exit status $$?)"

# The suite on every supported Python and on the lowest declared dependencies (nox),
# then lint, format and type checks.
test: $(STAMP) interpreters
	$(BIN)/nox --error-on-missing-interpreters
	$(MAKE) --no-print-directory lint

# A missing interpreter fails the run in one line: a green run means all of them ran.
interpreters:
	@for version in $(PYTHONS); do \
		python$$version -c '' 2>/dev/null || { \
			echo "make test: Python $$version is not available (install it, or enable it: PYENV_VERSION=...)"; \
			exit 1; }; \
	done; echo "make test: interpreters $(PYTHONS)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks docs/_ext noxfile.py
	$(BIN)/ruff format --check src tests benchmarks docs/_ext noxfile.py
	$(BIN)/mypy --strict

# The fuzz harness (tests/fuzz): N inputs from SEED in JOBS processes; exit 1 on a violation.
# `make test` runs a 2,000-input slice of it (tests/test_fuzz.py).
fuzz: N ?= 100000
fuzz: SEED ?= 0
fuzz: JOBS ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --n $(N) --seed $(SEED) --jobs $(JOBS)

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[testing,bench]' --group dev
	touch $(BENCH_STAMP)

# Speed against the official SDK and JSON Schema validators (not part of `make test`).
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py

# Regenerate the shipped JSON Schemas from the classes (schemas/ links to this folder).
schemas: $(STAMP)
	$(BIN)/scenario-schema schema --write src/scenario_schema/schemas

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks docs/_ext noxfile.py
	$(BIN)/ruff check --fix src tests benchmarks docs/_ext noxfile.py

clean:
	rm -rf $(VENV) .nox build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis

# The documentation site, built into site/ with every check on (--strict): broken links
# and anchors, unresolved cross-references and griffe's docstring warnings all fail it.
# (The test suite builds it too: tests/test_docs.py.)
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
