"""The documentation site builds with every check on, and documents the whole public API.

One ``mkdocs build --strict`` per test module (a few seconds, no network): it fails on
a broken link or anchor, an unresolved cross-reference, or a docstring that griffe
warns about. The tests then read what it built.
"""

from __future__ import annotations

import argparse
import html
import importlib
import importlib.util
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pytest

import scenario_schema
from scenario_schema import models
from scenario_schema._fields import class_spec
from scenario_schema.cli._arguments import build_parser
from tests.conftest import ROOT

# Builds or installs things: run once per `make test`, in one nox session.
pytestmark = pytest.mark.packaging

pytest.importorskip("mkdocs", reason="mkdocs is not installed (a dev dependency)")
pytest.importorskip("mkdocstrings_handlers.python", reason="mkdocstrings[python] is not installed")

PUBLIC_MODULES = ("models", "literals", "training", "strategies", "batch", "stub", "cli")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built with ``--strict``; the build's output if it fails."""
    directory = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(directory)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return directory


def _inventory(site: Path) -> dict[str, int]:
    """The objects the site documents (Sphinx inventory v2), each with its priority."""
    header, _, body = (site / "objects.inv").read_bytes().partition(b"compressed using zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2")
    entries = {}
    for line in zlib.decompress(body).decode().splitlines():
        name, _domain, priority, _rest = line.split(" ", 3)
        entries[name] = int(priority)
    return entries


def _text(page: Path) -> str:
    """A built page as text: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    primary = {name for name, priority in _inventory(site).items() if priority == 1}
    missing = [
        name
        for name in scenario_schema.__all__
        if f"scenario_schema.{name}" not in primary
        and not any(f"scenario_schema.{module}.{name}" in primary for module in PUBLIC_MODULES)
    ]
    assert missing == []


def test_every_name_of_the_public_modules_is_in_the_api_reference(site: Path) -> None:
    primary = {name for name, priority in _inventory(site).items() if priority == 1}
    missing = [
        f"scenario_schema.{module}.{name}"
        for module in PUBLIC_MODULES
        for name in importlib.import_module(f"scenario_schema.{module}").__all__
        if f"scenario_schema.{module}.{name}" not in primary
    ]
    assert missing == []


def test_every_contract_field_is_documented_from_its_declaration(site: Path) -> None:
    primary = {name for name, priority in _inventory(site).items() if priority == 1}
    fields = [
        f"scenario_schema.models.{name}.{spec.name}"
        for name in models.__all__
        if name != "Contract"
        for spec in class_spec(getattr(models, name)).fields
    ]
    assert [field for field in fields if field not in primary] == []
    page = _text(site / "reference" / "models" / "index.html")
    assert "JSON name learningRate; optional (absent or null); exclusiveMinimum 0." in page
    assert "JSON name wandbKey; optional (absent or null); maxLength 40; a credential" in page


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_help", ROOT / "docs/_ext/cli_help.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_shows_the_help_of_every_command(site: Path) -> None:
    (commands,) = (
        action.choices
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    page = _text(site / "reference" / "cli" / "index.html")
    help_text = _hook().help_text
    for command in [[], *([name] for name in commands)]:
        shown = " ".join(["$ scenario-schema", *command, "--help"])
        assert f"{shown}\n{help_text(command)}" in page


def test_site_loads_nothing_from_a_third_party(site: Path) -> None:
    loads = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]*")
    found = {
        match
        for page in site.rglob("*.html")
        for match in loads.findall(page.read_text(encoding="utf-8"))
    }
    assert found == set()
