"""The examples of the README and of the documentation site run as written and print what
their page says they print."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
import types
from pathlib import Path

import pytest

from scenario_schema.cli import main
from tests.conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _examples(pattern: str) -> list[pytest.ParameterSet]:
    """Every match of ``pattern`` in every page, its id the page and its number there."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(ROOT).as_posix()
        for number, match in enumerate(re.findall(pattern, text, re.S), start=1):
            found.append(pytest.param(name, match, id=f"{name}:{number}"))
    return found


PYTHON_BLOCKS = _examples(r"```python\n(.*?)```")
SHELL_SESSIONS = _examples(r"```\n\$ (scenario-schema [^\n]*\n.*?)```")
# A session that pipes one line of text in: `$ echo 'TEXT' | scenario-schema ...`.
STDIN_SESSIONS = _examples(r"```\n\$ (echo '[^'\n]*' \| scenario-schema [^\n]*\n.*?)```")
SCHEMA_TOOL_COMMANDS = _examples(r"```sh\n(\.venv/bin/check-jsonschema [^\n]*)\n```")


def _matches(printed: list[str], expected: list[str]) -> bool:
    """Whether printed lines are the expected ones; a line ``...`` stands for any lines."""
    pattern = "\n".join(".*?" if line == "..." else re.escape(line) for line in expected)
    return re.fullmatch(pattern, "\n".join(printed), re.S) is not None


def _expected_output(block: str) -> list[str]:
    return [line[2:] for line in block.splitlines() if line.startswith("# ")]


@pytest.mark.parametrize(("page", "block"), PYTHON_BLOCKS)
def test_python_example_prints_what_the_page_says(
    page: str, block: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    # A pseudo file name: tools that read source by file name (Hypothesis, inspect)
    # must not tokenize the Markdown page itself as Python.
    # Run as a module of its own, as a user's script would be (classes it defines
    # resolve their annotations through sys.modules).
    module = types.ModuleType("readme_example")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with contextlib.redirect_stdout(printed):
        exec(compile(block, f"<python block of {page}>", "exec"), module.__dict__)
    assert printed.getvalue().splitlines() == _expected_output(block)


@pytest.mark.parametrize(("page", "session"), SHELL_SESSIONS)
def test_cli_example_prints_what_the_page_says(
    page: str,
    session: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command, _, output = session.partition("\n")
    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    printed = capsys.readouterr().out.splitlines()
    assert _matches(printed, output.splitlines()), (page, printed)


@pytest.mark.parametrize(("page", "session"), STDIN_SESSIONS)
def test_cli_example_reading_stdin_prints_what_the_page_says(
    page: str,
    session: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command, _, output = session.partition("\n")
    _echo, text, pipe, _program, *argv = shlex.split(command)
    assert pipe == "|"
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "stdin", io.StringIO(text + "\n"))
    main(argv)
    printed = capsys.readouterr().out.splitlines()
    assert _matches(printed, output.splitlines()), (page, printed)


@pytest.mark.parametrize(("page", "command"), SCHEMA_TOOL_COMMANDS)
def test_generic_schema_tool_command_works_as_written(page: str, command: str) -> None:
    tool = Path(sys.executable).parent / "check-jsonschema"
    argv = [str(tool), *shlex.split(command)[1:]]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = [*argv[:-1], "examples/invalid-train-action-response.json"]
    result = subprocess.run(broken, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1, page
    assert "500 is greater than the maximum of 128" in result.stdout


def _count(examples: list[pytest.ParameterSet], page: str) -> int:
    return sum(example.values[0] == page for example in examples)


def test_every_example_of_the_guide_is_found() -> None:
    """The patterns above find each example: a page whose blocks stop matching fails here."""
    python = {"python-api": 3, "training": 1, "contract-tests": 1, "at-scale": 1}
    shell = {"command-line": 1, "training": 2, "drift": 1}
    assert {page: _count(PYTHON_BLOCKS, f"docs/guide/{page}.md") for page in python} == python
    assert {page: _count(SHELL_SESSIONS, f"docs/guide/{page}.md") for page in shell} == shell
    assert _count(SCHEMA_TOOL_COMMANDS, "docs/guide/json-schema.md") == 1
    assert _count(PYTHON_BLOCKS, "README.md") >= 1
    assert _count(STDIN_SESSIONS, "README.md") >= 1
