"""A light import: the version is a literal, every public name loads on first use."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import scenario_schema as ss
from scenario_schema import _version

_DEFERRED = (
    "attrs",
    "cattrs",
    "scenario_schema.models",
    "scenario_schema._engine",
    "scenario_schema._api",
    "importlib.metadata",
    "msgspec",
    "importlib.resources",
    "scenario_schema.training",
    "scenario_schema._policy",
    "scenario_schema._drift",
    "scenario_schema._diff",
    "scenario_schema._json_schema",
    "scenario_schema._public_converter",
)


_MODULES = {"literals", "models", "training"}
"""The modules the facade gives as attributes (``ss.models``), not in ``__all__``."""


def _modules_after(code: str) -> set[str]:
    """The modules of ``_DEFERRED`` loaded once ``code`` has run in a fresh interpreter."""
    report = f"print(json.dumps(sorted(set({_DEFERRED!r}) & set(sys.modules))))"
    script = f"{code}\nimport json, sys\n{report}"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout))


def test_importing_the_package_loads_none_of_the_deferred_modules() -> None:
    assert _modules_after("import scenario_schema") == set()


def test_the_first_verb_loads_the_classes_and_the_engine_but_not_cattrs() -> None:
    loaded = _modules_after("from scenario_schema import validate")
    assert {"attrs", "scenario_schema.models", "scenario_schema._engine"} <= loaded
    assert "cattrs" not in loaded


def test_the_converter_loads_cattrs_on_first_use() -> None:
    loaded = _modules_after("import scenario_schema as ss\nss.converter.structure({}, dict)")
    assert "cattrs" in loaded
    assert "importlib.metadata" not in loaded


def test_each_name_imported_on_first_use_is_its_module_s_own() -> None:
    for name, module_name in ss._LAZY.items():
        module = importlib.import_module(f"scenario_schema.{module_name}")
        expected = module if name == module_name else getattr(module, name)
        assert getattr(ss, name) is expected, name
        assert name in dir(ss)
    public = set(ss.__all__)
    assert set(ss._LAZY) - _MODULES <= public


def test_every_public_name_resolves() -> None:
    for name in ss.__all__:
        assert getattr(ss, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from scenario_schema import *", namespace)
    assert set(ss.__all__) <= set(namespace)


def _type_checking_names() -> set[str]:
    """The names the facade's ``if TYPE_CHECKING:`` block imports (what type checkers see)."""
    tree = ast.parse(Path(ss.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.asname or alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_type_checkers_see_every_public_name_and_only_those() -> None:
    assert _type_checking_names() - _MODULES == set(ss.__all__)
    assert set(ss._LAZY) >= _MODULES


def test_each_public_name_is_imported_from_the_module_type_checkers_see() -> None:
    tree = ast.parse(Path(ss.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            module = importlib.import_module(f"scenario_schema.{node.module}")
            for alias in node.names:
                name = alias.asname or alias.name
                if name in ss.__all__:
                    assert getattr(ss, name) is getattr(module, alias.name), name


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    assert not hasattr(ss, "no_such_name")


def test_the_version_is_the_literal_the_metadata_reads() -> None:
    assert ss.__version__ == _version.__version__ == metadata.version("scenario-schema")
