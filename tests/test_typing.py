"""Schema names are a Literal: a misspelt one is a type error for mypy (and pyright)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

import scenario_schema as ss
from scenario_schema.models import SCHEMAS

# Runs the type checkers (the lint dependency group): once per `make test`, in one nox session.
pytestmark = pytest.mark.packaging
mypy_api = pytest.importorskip("mypy.api", reason="mypy is not installed (the lint group)")

# Line numbers (1-based) of the snippet's misspelt names; the other lines are right.
_SNIPPET = """\
import scenario_schema as ss
from scenario_schema import strategies
ss.validate({}, "model")
ss.validate({}, "modle")
ss.validate_json("{}", "Model")
ss.json_schema("models")
ss.drift([], "automatic")
strategies.payloads("model-params")
ss.json_schema("train-action-response")
ss.drift([], "auto")
ss.validate_json(b"{}", ss.ModelParameters)
"""
_MISSPELT = {4, 5, 6, 7, 8}


def test_schema_name_lists_exactly_the_schemas_in_order() -> None:
    assert get_args(ss.SchemaName) == tuple(SCHEMAS)


def test_a_misspelt_schema_name_is_a_mypy_error(tmp_path: Path) -> None:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(_SNIPPET)
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", f"--cache-dir={os.devnull}", str(snippet)]
    )
    assert status == 1, err
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert {int(line.split(":")[1]) for line in errors} == _MISSPELT
    assert all("[arg-type]" in line and "Literal[" in line for line in errors)


def _pyright() -> str | None:
    return shutil.which("pyright", path=str(Path(sys.executable).parent)) or shutil.which("pyright")


def test_a_misspelt_schema_name_is_a_pyright_error(tmp_path: Path) -> None:
    assert _pyright() is not None, "pyright is a dev dependency (the lint group)"
    snippet = tmp_path / "snippet.py"
    snippet.write_text(_SNIPPET)
    command = [str(_pyright()), "--outputjson", "--pythonpath", sys.executable, str(snippet)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    report = json.loads(done.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert {d["range"]["start"]["line"] + 1 for d in errors} == _MISSPELT
    assert {d["rule"] for d in errors} == {"reportArgumentType"}


# Mutations of a loaded object's containers: TypeErrors at run time, so type errors too.
_MUTATIONS = """\
import scenario_schema as ss
from typing import Any
def check(payload: Any) -> None:
    r = ss.load(ss.TrainActionResponse, payload)
    r.model.tags.append("x")
    r.model.tags[0] = "x"
    r.model.extra["k"] = 1
    r.model.capabilities.sort()
    del r.model.tags[0]
    tags: list[str] = r.model.tags
    print(r.model.tags[0], len(r.model.extra), list(r.model.tags), dict(r.model.extra))
    ss.Model.__init__
    ss.ModelParameters(sample_prompts=("a", "b"))
"""
_MUTATING_LINES = {5, 6, 7, 8, 9, 10}


def test_mutating_a_loaded_object_is_a_mypy_error(tmp_path: Path) -> None:
    snippet = tmp_path / "mutations.py"
    snippet.write_text(_MUTATIONS)
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", f"--cache-dir={os.devnull}", str(snippet)]
    )
    assert status == 1, err
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert {int(line.split(":")[1]) for line in errors} == _MUTATING_LINES, out


def test_mutating_a_loaded_object_is_a_pyright_error(tmp_path: Path) -> None:
    assert _pyright() is not None, "pyright is a dev dependency (the lint group)"
    snippet = tmp_path / "mutations.py"
    snippet.write_text(_MUTATIONS)
    command = [str(_pyright()), "--outputjson", "--pythonpath", sys.executable, str(snippet)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    report = json.loads(done.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert {d["range"]["start"]["line"] + 1 for d in errors} == _MUTATING_LINES, errors
