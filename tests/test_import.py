"""A light import: the version is a literal, cattrs and msgspec load on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata

import scenario_schema as ss
from scenario_schema import _version

_DEFERRED = ("cattrs", "importlib.metadata", "msgspec", "importlib.resources")


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


def test_the_converter_loads_cattrs_on_first_use() -> None:
    loaded = _modules_after("import scenario_schema as ss\nss.converter.structure({}, dict)")
    assert "cattrs" in loaded
    assert "importlib.metadata" not in loaded


def test_lazy_names_are_the_converter_module_s_own() -> None:
    from scenario_schema import _public_converter

    assert ss.converter is _public_converter.converter
    assert ss.make_converter is _public_converter.make_converter
    assert {"converter", "make_converter"} <= set(dir(ss))


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    assert not hasattr(ss, "no_such_name")


def test_the_version_is_the_literal_the_metadata_reads() -> None:
    assert ss.__version__ == _version.__version__ == metadata.version("scenario-schema")
