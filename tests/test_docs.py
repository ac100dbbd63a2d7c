"""The examples of docs/revisions.md run as written and print what the page says they print.

In a shell session's output, a line ``...`` stands for any number of lines.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest

from scenario_schema.cli import main
from tests.conftest import ROOT

PAGE = (ROOT / "docs" / "revisions.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)
SHELL_SESSIONS = re.findall(r"```\n\$ (scenario-schema [^\n]*)\n(.*?)```", PAGE, re.S)


def _matches(printed: list[str], expected: list[str]) -> bool:
    """Whether printed lines match the expected ones, ``...`` matching any lines."""
    pattern = "\n".join(".*?" if line == "..." else re.escape(line) for line in expected)
    return re.fullmatch(pattern, "\n".join(printed), re.S) is not None


def test_the_page_has_examples() -> None:
    assert len(PYTHON_BLOCKS) == 1
    assert [command.split()[1] for command, _ in SHELL_SESSIONS] == ["validate", "diff", "drift"]


@pytest.mark.parametrize("block", PYTHON_BLOCKS)
def test_python_example_prints_what_the_page_says(
    block: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "<docs/revisions.md python block>", "exec"), {})
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    assert printed.getvalue().splitlines() == expected


@pytest.mark.parametrize(("command", "output"), SHELL_SESSIONS, ids=lambda v: v.split("\n")[0])
def test_shell_example_prints_what_the_page_says(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    assert _matches(capsys.readouterr().out.splitlines(), output.splitlines())
