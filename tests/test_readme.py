"""The README's examples run as written and print what the README says they print."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from scenario_schema.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
SHELL_SESSIONS = re.findall(r"```\n\$ (scenario-schema [^\n]*)\n(.*?)```", README, re.S)


def _expected_output(block: str) -> list[str]:
    return [line[2:] for line in block.splitlines() if line.startswith("# ")]


@pytest.mark.parametrize("block", PYTHON_BLOCKS)
def test_python_example_prints_what_the_readme_says(
    block: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    # A pseudo file name: tools that read source by file name (Hypothesis, inspect)
    # must not tokenize README.md itself as Python.
    number = PYTHON_BLOCKS.index(block) + 1
    with contextlib.redirect_stdout(printed):
        exec(compile(block, f"<README.md python block {number}>", "exec"), {})
    assert printed.getvalue().splitlines() == _expected_output(block)


@pytest.mark.parametrize(("command", "output"), SHELL_SESSIONS)
def test_cli_example_prints_what_the_readme_says(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    assert capsys.readouterr().out.splitlines() == output.splitlines()


SCHEMA_TOOL_COMMANDS = re.findall(r"```sh\n(\.venv/bin/check-jsonschema [^\n]*)\n```", README)


@pytest.mark.parametrize("command", SCHEMA_TOOL_COMMANDS)
def test_generic_schema_tool_command_works_as_written(command: str) -> None:
    tool = Path(sys.executable).parent / "check-jsonschema"
    argv = [str(tool), *shlex.split(command)[1:]]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = [*argv[:-1], "examples/invalid-train-action-response.json"]
    result = subprocess.run(broken, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "500 is greater than the maximum of 128" in result.stdout


def test_readme_has_examples_to_check() -> None:
    assert len(SCHEMA_TOOL_COMMANDS) == 1
    assert len(PYTHON_BLOCKS) >= 2
    assert len(SHELL_SESSIONS) >= 1
