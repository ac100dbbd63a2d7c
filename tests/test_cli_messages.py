"""Messages a user can act on: options named as typed, lists with counts, BOMs, hints."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path

import pytest

import scenario_schema as ss
from scenario_schema import _json_text
from scenario_schema._report import shortened
from scenario_schema.cli import main
from scenario_schema.cli._arguments import build_parser
from tests.conftest import ROOT

BOM = b"\xef\xbb\xbf"
PARAMS = b'{"rank": 500}'


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    (subparsers,) = (
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    return dict(subparsers.choices)


@pytest.mark.parametrize(
    ("argv", "option", "value"),
    [
        (["validate", "--jobs", "abc", "x.json"], "--jobs", "'abc'"),
        (["validate", "--jobs", "0", "x.json"], "--jobs", "'0'"),
        (["check-params", "--training-images", "many", "-"], "--training-images", "'many'"),
        (["check-params", "--training-images", "2.5", "-"], "--training-images", "'2.5'"),
    ],
)
def test_a_bad_number_names_the_option_and_the_value(
    argv: list[str], option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert f"argument {option}: expected a whole number" in last
    assert last.endswith(f"got {value}")
    assert "_positive" not in last
    assert "int value" not in last


def test_an_unknown_model_type_lists_some_known_ones_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{}"))
    assert main(["check-params", "--model-type", "flux-lora", "-"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "unknown model type 'flux-lora'; known: custom, " in line
    assert re.search(r", \.\.\. and \d+ more$", line)
    assert "characters)" not in line


def test_shortened_counts_what_it_leaves_out() -> None:
    assert shortened(["a", "b", "c"], 2) == "a, b, ... and 1 more"
    assert shortened(["a", "b"], 2) == "a, b"
    assert shortened([], 2) == ""


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "standard"])
@pytest.mark.parametrize("lines", [False, True], ids=["json", "json-lines"])
def test_a_utf8_byte_order_mark_is_ignored_in_files_and_on_stdin(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fast: bool,
    lines: bool,
) -> None:
    if not fast:
        monkeypatch.setattr(_json_text, "FAST_DECODER", None)
        from scenario_schema.cli import _batch

        monkeypatch.setattr(_batch, "FAST_DECODER", None)
    path = tmp_path / "params.json"
    path.write_bytes(BOM + PARAMS + b"\n")
    argv = ["validate", "--schema", "model-parameters", "--format", "json"]
    argv += ["--lines"] if lines else []
    assert main([*argv, str(path)]) == 1
    from_file = json.loads(capsys.readouterr().out)
    stdin = io.TextIOWrapper(io.BytesIO(BOM + PARAMS + b"\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main([*argv, "-"]) == 1
    from_stdin = json.loads(capsys.readouterr().out)
    for record in (from_file, from_stdin):
        assert [issue["code"] for issue in record["issues"]] == ["maximum"]


def test_validate_json_ignores_a_byte_order_mark() -> None:
    assert ss.validate_json(BOM + PARAMS, "model-parameters").errors[0].code == "maximum"
    text = (BOM + PARAMS).decode("utf-8")
    assert ss.validate_json(text, "model-parameters").errors[0].code == "maximum"
    assert ss.load_json(ss.ModelParameters, BOM + b'{"rank": 4}').rank == 4


def test_several_documents_on_stdin_hint_at_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"rank": 4}\n{"rank": 5}\n'))
    assert main(["validate", "--schema", "model-parameters", "-"]) == 2
    out = capsys.readouterr().out
    assert "Extra data (several JSON documents? For JSON Lines" in out
    assert "give --lines)" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"rank": 4}\n{"rank": 5}\n'))
    assert main(["validate", "--schema", "model-parameters", "--lines", "-"]) == 0


def test_malformed_json_lines_get_no_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"rank": 4} {"rank": 5}\n'))
    assert main(["validate", "--lines", "-"]) == 2
    assert "--lines" not in capsys.readouterr().out


@pytest.mark.parametrize("command", list(_subcommands()))
def test_every_option_and_argument_has_help_text(command: str) -> None:
    parser = _subcommands()[command]
    for action in parser._actions:
        assert action.help, f"{command} {action.option_strings or action.dest}"
        assert action.help != argparse.SUPPRESS


def _synopsis() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1]
    match = re.search(r"```sh\n(scenario-schema validate .*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def _synopsis_of(command: str) -> str:
    """The synopsis lines of one subcommand: its line and the indented ones after it."""
    lines = _synopsis().splitlines()
    prefix = f"scenario-schema {command} "
    start = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return "\n".join(lines[start:end])


@pytest.mark.parametrize("command", list(_subcommands()))
def test_the_readme_synopsis_covers_every_subcommand_and_option(command: str) -> None:
    synopsis = _synopsis_of(command)
    for action in _subcommands()[command]._actions:
        if "-h" in action.option_strings:
            continue
        if action.option_strings:
            assert any(option in synopsis for option in action.option_strings), (
                command,
                action.option_strings,
            )
        else:
            assert str(action.metavar) in synopsis, (command, action.metavar)
