"""The scenario-schema command, run in process through main()."""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import cli
from scenario_schema._options import MAX_DEPTH
from scenario_schema.cli import _batch, main
from scenario_schema.cli import _output as cli_output
from scenario_schema.cli._validate import ValidateOutput
from tests.conftest import EXAMPLES

VALID = str(EXAMPLES / "train-action-response.json")
INVALID = str(EXAMPLES / "invalid-train-action-response.json")
FLUX_PARAMETERS = str(EXAMPLES / "flux-lora-parameters.json")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_valid_example_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "validate", VALID)
    assert status == 0
    assert "valid (train-action-response, strict)" in out
    assert "1 document checked: 1 valid, 0 invalid, 0 unreadable" in out


def test_invalid_example_exits_one_with_a_line_per_issue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, "validate", "--show-warnings", INVALID)
    assert status == 1
    assert (
        "  error   /model/parameters/rank: 500 is greater than the maximum of 128 [maximum]" in out
    )
    assert "/model/parameters/learningRate: expected a finite number, got nan [not-finite]" in out
    assert "  warning /model/parameters/max_train_steps: undocumented field" in out
    assert out.rstrip().endswith("1 document checked: 0 valid, 1 invalid, 0 unreadable")


def test_lenient_mode_turns_unknown_enums_into_warnings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, strict, _ = _run(capsys, "validate", "--format", "json", INVALID)
    _, lenient, _ = _run(capsys, "validate", "--format", "json", "--mode", "lenient", INVALID)
    (strict_record,) = _json_lines(strict)
    (lenient_record,) = _json_lines(lenient)
    strict_issue = strict_record["issues"][1]
    assert (strict_issue["path"], strict_issue["code"]) == ("/model/capabilities/1", "enum")
    lenient_issue = lenient_record["issues"][1]
    assert (lenient_issue["code"], lenient_issue["severity"]) == ("unknown-enum", "warning")


def test_json_format_writes_one_object_per_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "validate", "--format", "json", "--revision", "page", VALID, INVALID
    )
    assert status == 1
    first, second = _json_lines(out)
    conflict = {
        "path": "/model/uiConfig/triggerGenerate",
        "code": "conflict",
        "message": "'after' and 'position' should not both be given",
        "severity": "warning",
    }
    assert {key: first[key] for key in ("source", "line", "schema", "valid")} == {
        "source": VALID,
        "line": None,
        "schema": "train-action-response",
        "valid": True,
    }
    # The page's example also breaks prose rules: `not-applicable` warnings (_rules.py).
    assert conflict in first["issues"]
    assert {issue["code"] for issue in first["issues"]} == {"conflict", "not-applicable"}
    assert {issue["severity"] for issue in first["issues"]} == {"warning"}
    assert second["valid"] is False
    assert set(second["issues"][0]) == {"path", "code", "message", "severity"}


def test_jsonl_reports_each_line_and_goes_on_after_a_malformed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = tmp_path / "params.jsonl"
    stream.write_text(
        '{"action": "cancel"}\n\n{"action": "stop"}\n{oops\n'
        '{"action": "cancel", "originalAssets": 1}\n'
    )
    status, out, _ = _run(
        capsys,
        "validate",
        "--schema",
        "train-action-params",
        "--revision",
        "page",
        "--format",
        "json",
        str(stream),
    )
    assert status == 2
    records = _json_lines(out)
    assert [(r["line"], r["valid"]) for r in records] == [
        (1, True),
        (3, False),
        (4, False),
        (5, False),
    ]
    assert records[2]["schema"] is None
    (malformed,) = records[2]["issues"]
    assert malformed["code"] == "json"
    assert "line 4 column 2" in malformed["message"]


def test_jsonl_is_streamed_not_read_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer that sends a line at a time (a pipe's reads return one line each) gets
    each line's result before the next line is read."""
    written_before_each_read: list[int] = []

    class Stream(io.BytesIO):
        def read1(self, size: int | None = -1) -> bytes:
            written_before_each_read.append(len(capsys.readouterr().out))
            return self.readline(size)

        def read(self, size: int | None = -1) -> bytes:
            return self.read1(size)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(Stream(b'{"action": "cancel"}\n' * 3)))
    status = main(
        ["validate", "--lines", "--format", "json", "--schema", "train-action-params", "-"]
    )
    assert status == 0
    assert written_before_each_read[0] == 0
    assert all(size > 0 for size in written_before_each_read[1:])


def test_malformed_json_file_exits_two_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "model": {\n    "id": "x",,\n  }\n}\n')
    status, out, err = _run(capsys, "validate", str(broken))
    assert status == 2
    assert "malformed JSON at line 3 column 15" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_tokens_are_reported_at_their_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    document = tmp_path / "params.json"
    document.write_text(f'{{"rank": {token}, "seed": 1}}')
    status, out, _ = _run(
        capsys, "validate", "--schema", "model-parameters", "--format", "json", str(document)
    )
    assert status == 1
    (record,) = _json_lines(out)
    assert [(i["path"], i["code"]) for i in record["issues"]] == [("/rank", "not-finite")]


def test_stdin_is_read_with_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"action": "cancel"}'))
    status, out, _ = _run(capsys, "validate", "--schema", "train-action-params", "-")
    assert status == 0
    assert out.startswith("<stdin>: valid (train-action-params, strict)")


def test_auto_schema_tells_a_model_from_a_response(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    response = json.loads(Path(VALID).read_text())
    model_file = tmp_path / "model.json"
    model_file.write_text(json.dumps(response["model"]))
    _, out, _ = _run(capsys, "validate", "--format", "json", VALID, str(model_file))
    assert [record["schema"] for record in _json_lines(out)] == ["train-action-response", "model"]


def test_missing_file_exits_two_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "validate", "no-such-file.json", VALID)
    assert status == 2
    assert "cannot read 'no-such-file.json'" in out
    assert "1 valid" in out
    assert "Traceback" not in err


def test_directory_is_unreadable_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "validate", str(tmp_path))
    assert status == 2
    assert "unreadable" in out


def test_non_utf8_file_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "binary.json"
    binary.write_bytes(b'{"id": "\xff\xfe"}')
    status, out, _ = _run(capsys, "validate", str(binary))
    assert status == 2
    assert "not UTF-8" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--schema", "nope", VALID],
        ["validate", "--mode", "loose", VALID],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, _, err = _run(capsys, *argv)
    assert status == 2
    assert "usage:" in err


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "validate", "--help")
    assert status == 0
    assert "--schema" in out


def test_deeply_nested_file_is_a_depth_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"model": {"default": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    status, out, err = _run(capsys, "validate", "--format", "json", str(deep))
    assert status == 1
    (record,) = _json_lines(out)
    (depth,) = [issue for issue in record["issues"] if issue["code"] == "depth"]
    assert depth["path"] == "/model/default" + "/0" * (MAX_DEPTH - 2)
    assert "Traceback" not in err


def test_wandb_key_never_appears_in_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "SECRET-" + "k" * 50
    document = tmp_path / "params.json"
    document.write_text(json.dumps({"wandbKey": secret, "rank": 1}))
    for output in ("text", "json"):
        _, out, err = _run(
            capsys, "validate", "--schema", "model-parameters", "--format", output, str(document)
        )
        assert "SECRET" not in out + err
        assert "wandbKey" in out


def test_date_time_formats_are_checked_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "validate", "--check-formats", "--format", "json", VALID)
    assert status == 1
    (record,) = _json_lines(out)
    assert "/model/createdAt" in {issue["path"] for issue in record["issues"]}


# --- version, help, one meaning of --format json ---------------------------------------


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--version")
    assert status == 0
    assert out == f"scenario-schema {importlib.metadata.version('scenario-schema')}\n"


@pytest.mark.parametrize("command", ["validate", "check-params", "drift", "schema", "diff"])
def test_every_subcommand_help_gives_its_output_and_exit_statuses(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, out, _ = _run(capsys, command, "--help")
    assert status == 0
    output, statuses = out.split("output:\n", 1)[1].split("exit status:\n", 1)
    assert "json" in output.lower()
    codes = [line.split()[0] for line in statuses.splitlines() if line.strip()]
    assert codes[0] == "0"
    assert {"2", "130", "141"} <= set(codes)
    if command not in ("schema", "diff"):
        assert "--format {text,json}" in out
        assert "1" in codes
        assert f"nested deeper than {MAX_DEPTH} levels" in statuses.split("\n  2 ")[0]


def test_top_level_help_names_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--help")
    assert status == 0
    assert "0 valid, 1 invalid, 2 usage error" in out
    assert "130 interrupted, 141 output closed early" in out


def test_drift_help_says_json_is_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "drift", "--help")
    assert "json  one JSON document" in out
    _, out, _ = _run(capsys, "validate", "--help")
    assert "json  JSON Lines: one object per document" in out


def test_json_format_is_one_json_value_per_line_or_one_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate and check-params print JSON Lines, drift one document; nothing else on stdout."""
    unreadable = tmp_path / "bad.json"
    unreadable.write_bytes(b"{oops")
    runs = {
        "validate": ["validate", "--format", "json", VALID, INVALID, str(unreadable)],
        "check-params": ["check-params", "--format", "json", str(unreadable)],
        "check-params-ok": ["check-params", "--format", "json", VALID],
    }
    for name, argv in runs.items():
        _, out, _ = _run(capsys, *argv)
        records = _json_lines(out)
        assert records, name
        assert all(isinstance(record, dict) and "valid" in record for record in records)
    assert _json_lines(_run(capsys, *runs["check-params"])[1])[0]["issues"][0]["code"] == ("json")
    _, out, _ = _run(capsys, "drift", "--format", "json", VALID, str(unreadable))
    report = json.loads(out)
    assert report["documents"] == 1
    assert len(report["inputErrors"]) == 1


# --- unreadable bytes -----------------------------------------------------------------


def test_a_non_utf8_line_is_reported_and_the_later_lines_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = tmp_path / "params.jsonl"
    stream.write_bytes(
        b'{"action": "cancel"}\n{"action": "st\xffop"}\n{"action": "cancel"}\n{"action": 1}\n'
    )
    status, out, _ = _run(
        capsys,
        "validate",
        "--schema",
        "train-action-params",
        "--revision",
        "page",
        "--format",
        "json",
        str(stream),
    )
    assert status == 2
    records = _json_lines(out)
    assert [(r["line"], r["valid"]) for r in records] == [
        (1, True),
        (2, False),
        (3, True),
        (4, False),
    ]
    (problem,) = records[1]["issues"]
    assert problem["code"] == "unreadable"
    assert problem["message"] == "not UTF-8: byte 0xff at line 2 column 15 (invalid start byte)"


def test_a_non_utf8_whole_file_is_one_unreadable_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "binary.json"
    binary.write_bytes(b'{\n  "id": "\xff\xfe"\n}')
    status, out, err = _run(capsys, "validate", str(binary))
    assert status == 2
    assert out.splitlines() == [
        f"{binary}: unreadable: 1 error, 0 warnings",
        "  error   (root): not UTF-8: byte 0xff at line 2 column 10 (invalid start byte)"
        " [unreadable]",
        "1 document checked: 0 valid, 0 invalid, 1 unreadable",
    ]
    assert err == ""


def test_stdin_is_read_as_bytes_like_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b'{"action": "cancel"}\n{"action": "\xc3\x28"}\n{"action": 1}\n'
    stream = tmp_path / "params.jsonl"
    stream.write_bytes(data)
    argv = ["validate", "--lines", "--schema", "train-action-params", "--format", "json"]
    from_file = _run(capsys, *argv, str(stream))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    from_stdin = _run(capsys, *argv, "-")
    assert from_stdin[0] == from_file[0] == 2
    assert from_stdin[1] == from_file[1].replace(json.dumps(str(stream)), '"<stdin>"')


# --- one line per issue: escaped, bounded ---------------------------------------------------

_SURROGATE = '{"\\ud800": 1, "type": "flux.1-lora", "id": "m", "parameters": {"\\udfff": 2}}'


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate"], 1),
        (["validate", "--mode", "lenient"], 1),
        (["check-params", "--show-warnings"], 0),  # the warnings are listed on request
        (["check-params", "--show-warnings", "--model-type", "flux.1-lora"], 0),
        (["drift", "--fail-on", "unknown-field"], 1),
    ],
)
def test_a_lone_surrogate_is_escaped_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: int
) -> None:
    document = tmp_path / "surrogate.json"
    document.write_text(_SURROGATE)
    listing = ["--show-warnings"] if argv[0] == "validate" else []  # the key is in a warning
    status, out, err = _run(capsys, *argv, *listing, str(document))
    assert status == expected
    assert "\\ud800" in out or "\\udfff" in out
    assert not any("\ud800" <= character <= "\udfff" for character in out)
    assert err == ""
    _, out, _ = _run(capsys, *argv, "--format", "json", str(document))
    assert out.isascii()
    json.loads(out)  # one document, or the single line of JSON Lines


def test_control_characters_in_keys_are_escaped_one_line_per_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "params.json"
    document.write_text(json.dumps({"a\nb": 1, "c\r\x1b[31md\u2028": 2, "rank": 500}))
    args = ("validate", "--show-warnings", "--schema", "model-parameters", str(document))
    status, out, _ = _run(capsys, *args)
    assert status == 1
    lines = out.split("\n")
    assert lines == [
        f"{document}: invalid (model-parameters, strict): 1 error, 2 warnings",
        "  error   /rank: 500 is greater than the maximum of 128 [maximum]",
        "  warning /a\\nb: undocumented field 'a\\nb' (kept) [unknown-field]",
        "  warning /c\\r\\x1b[31md\\u2028: undocumented field"
        " 'c\\r\\x1b[31md\\u2028' (kept) [unknown-field]",
        "1 document checked: 0 valid, 1 invalid, 0 unreadable",
        "",
    ]


def test_a_huge_key_gives_a_bounded_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "params.json"
    document.write_text(json.dumps({"k" * 100_000: 1}))
    args = ("validate", "--show-warnings", "--schema", "model-parameters", str(document))
    _, out, _ = _run(capsys, *args)
    (issue_line,) = [line for line in out.splitlines() if line.startswith("  warning")]
    assert len(issue_line) < cli_output.LINE_LIMIT
    assert issue_line.startswith("  warning /kkkk")
    assert issue_line.endswith("(100000 characters) (kept) [unknown-field]")


def test_a_file_name_with_undecodable_bytes_is_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(b"bad-\xff-name.json")  # a surrogate escape, as argv gives it
    (tmp_path / name).write_text("{oops")
    status, out, _ = _run(capsys, "validate", str(tmp_path / name))
    assert status == 2
    assert "bad-\\udcff-name.json: unreadable" in out


# --- no traceback, ever -----------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_status_two(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "validate_command", broken)
    monkeypatch.delenv(cli.DEBUG_VARIABLE)
    status, out, err = _run(capsys, "validate", VALID)
    assert status == 2
    assert out == ""
    assert err.startswith("scenario-schema: internal error: ZeroDivisionError: division by zero")
    assert err.count("\n") == 1
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")
    with pytest.raises(ZeroDivisionError):
        main(["validate", VALID])


def test_an_interrupt_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_: object, **__: object) -> Any:
        yield from ()
        raise KeyboardInterrupt

    monkeypatch.setattr(cli._validate, "check_inputs", interrupted)
    status, out, err = _run(capsys, "validate", VALID)
    assert (status, out, err) == (130, "", "scenario-schema: interrupted\n")


class _ClosedAfter(io.StringIO):
    """A stdout whose reader goes away after ``lines`` lines."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines

    def write(self, text: str) -> int:
        if self.getvalue().count("\n") >= self.lines:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("lines", [0, 1, 4])
def test_a_closed_pipe_is_never_reported_as_success(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, lines: int
) -> None:
    """The reader leaves before the last line: the status says the run did not finish."""
    stream = tmp_path / "params.jsonl"
    stream.write_text('{"action": "cancel"}\n{"action": 1}\n' * 3)  # 6 lines in json, 10 in text
    monkeypatch.setattr("sys.stdout", _ClosedAfter(lines))
    argv = ["validate", "--format", output, "--schema", "train-action-params", str(stream)]
    assert main(argv) == cli.EXIT_BROKEN_PIPE


# --- no documents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.jsonl", b""),
        ("blank.jsonl", b"\n  \n\r\n"),
        ("empty.json", b""),
        ("ws.json", b" \n"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "drift", "check-params"])
def test_an_input_with_no_document_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, command: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    status, out, err = _run(capsys, command, str(path))
    assert status == 2
    assert "no documents" in err or "no JSON document: the input is empty" in out


def test_an_empty_stdin_exits_two(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    status, out, err = _run(capsys, "validate", "--lines", "-")
    assert (status, out) == (2, "")
    assert err == "scenario-schema validate: no documents: the input holds no JSON document\n"


# --- one depth verdict ---------------------------------------------------------------------------


def _nested(levels: int) -> str:
    return (
        '{"model": {"id": "m", "type": "flux.1-lora", "parameters": {}, "default": '
        + "[" * levels
        + "]" * levels
        + "}}"
    )


@pytest.mark.parametrize("levels", [200, 100_000])
@pytest.mark.parametrize("command", ["validate", "check-params", "drift"])
def test_a_document_too_deep_is_invalid_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], levels: int, command: str
) -> None:
    document = tmp_path / "deep.json"
    document.write_text(_nested(levels))
    status, out, err = _run(capsys, command, str(document))
    assert status == 1
    assert ("/model/default/*/*/*" if command == "drift" else "/model/default/0/0/0") in out
    assert err == ""


def test_check_params_reports_depth_as_validate_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "deep.json"
    document.write_text(_nested(100_000))
    _, out, _ = _run(capsys, "validate", "--format", "json", str(document))
    by_validate = [i for i in _json_lines(out)[0]["issues"] if i["code"] == "depth"]
    _, out, _ = _run(capsys, "check-params", "--format", "json", str(document))
    by_preflight = [i for i in _json_lines(out)[0]["issues"] if i["code"] == "depth"]
    assert by_preflight == by_validate
    assert len(by_validate) == 1


def test_a_malformed_document_too_deep_is_reported_where_it_breaks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "deep.json"
    document.write_text('{"a": ' + "[" * 5000 + "]" * 5000 + ",\n  oops}")
    status, out, _ = _run(capsys, "validate", str(document))
    assert status == 2
    assert "malformed JSON at line 2 column 3: Expecting property name" in out


# --- training images ----------------------------------------------------------------------------


@pytest.mark.parametrize("images", ["-5", "1" + "0" * 400, str(2**53 + 1)])
def test_an_out_of_range_training_image_count_is_one_line_status_two(
    capsys: pytest.CaptureFixture[str], images: str
) -> None:
    status, out, err = _run(
        capsys,
        "check-params",
        "--model-type",
        "flux.1-lora",
        "--training-images",
        images,
        FLUX_PARAMETERS,
    )
    assert (status, out) == (2, "")
    assert err.startswith(
        "scenario-schema check-params: --training-images must be a whole number from 0 to"
    )
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("token", "code"), [("Infinity", "not-finite"), ("1e308", "maximum"), ("-5", "minimum")]
)
def test_a_bad_training_image_count_in_a_document_is_an_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], token: str, code: str
) -> None:
    document = tmp_path / "response.json"
    response = json.loads(Path(VALID).read_text())
    response["model"]["type"] = "flux.1-lora"
    text = json.dumps(response).replace(
        '"trainingImagesNumber": 0', f'"trainingImagesNumber": {token}'
    )
    document.write_text(text)
    status, out, err = _run(capsys, "check-params", "--format", "json", str(document))
    assert status == 1
    (record,) = _json_lines(out)
    assert ("/model/trainingImagesNumber", code) in {
        (i["path"], i["code"]) for i in record["issues"]
    }
    assert err == ""


# --- revisions ---------------------------------------------------------------------------

SDK_STREAM = str(EXAMPLES / "sdk-2.4-responses.jsonl")


def test_validate_takes_a_revision(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "validate", "--revision", "page", SDK_STREAM)
    assert status == 1
    assert out.splitlines()[-1] == "36 documents checked: 23 valid, 13 invalid, 0 unreadable"
    assert "(train-action-response, strict, page):" in out
    status, out, _ = _run(capsys, "validate", SDK_STREAM)  # the default: latest
    assert status == 0
    assert out.splitlines()[-1] == "36 documents checked: 36 valid, 0 invalid, 0 unreadable"
    status, out, _ = _run(capsys, "validate", "--revision", "sdk-2.4", SDK_STREAM)
    assert status == 0
    # Valid, with the prose rules' warnings (the responses fill every field).
    assert out.splitlines()[-1] == "36 documents checked: 36 valid, 0 invalid, 0 unreadable"
    status, out, _ = _run(capsys, "validate", "--revision", "sdk-2.4", VALID)
    assert status == 0
    assert "valid (train-action-response, strict, sdk-2.4): 0 errors, 17 warnings" in out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_json_names_a_revision_other_than_the_page(
    capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    args = ("validate", "--format", "json", "--jobs", jobs, SDK_STREAM)
    _, out, _ = _run(capsys, *args, "--revision", "latest")
    records = _json_lines(out)
    assert {(r["revision"], r["valid"]) for r in records} == {("sdk-2.4", True)}
    _, out, _ = _run(capsys, *args)
    assert not any("revision" in record for record in _json_lines(out))


def test_unknown_revision_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "validate", "--revision", "sdk-9", VALID)
    assert status == 2
    assert "invalid choice: 'sdk-9'" in err


# --- the fast renderer of `validate` writes what the line writers write -------------------


class _Encoded(io.StringIO):
    """A stdout of some encoding."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def _reference_output(result: Any, render: Any) -> str:
    """What ``validate`` wrote per result before the renderer: emit and emit_json."""
    out = _Encoded(render.encoding)
    if render.json_format:
        record: dict[str, Any] = {
            "source": result.source,
            "line": result.line,
            "schema": result.schema,
            "valid": result.verdict == "valid",
            "issues": [cli_output.issue_json(issue) for issue in result.issues],
        }
        if render.revision is not None:
            record["revision"] = render.revision
        cli_output.emit_json(out, record)
    elif result.issues or result.line is None:
        document = _batch.Document(result.source, result.line)
        issues = result.issues
        errors = tuple(issue for issue in issues if issue.severity == "error")
        if render.quiet and not errors:
            return ""
        if not render.quiet and (render.show_warnings or len(errors) == len(issues)):
            cli_output.write_verdict(
                out, document, result.schema, render.against, result.verdict, issues
            )
            return out.getvalue()
        against = f" ({result.schema}, {render.against})" if result.schema else ""
        tally = f": {len(errors)} error{'' if len(errors) == 1 else 's'}"
        if not render.quiet:
            warnings = len(issues) - len(errors)
            tally += (
                f", {warnings} warning{'' if warnings == 1 else 's'}"
                f" ({cli_output.warning_tally(issues)}; --show-warnings to list)"
            )
        cli_output.emit(out, f"{document.where}: {result.verdict}{against}{tally}")
        for issue in errors:
            cli_output.emit(out, f"  {issue.severity:<7} {issue}")
    return out.getvalue()


_ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)
_PATHS = st.one_of(
    st.just(""),
    st.from_regex(r"(/[a-zA-Z0-9_~]{1,12}){1,4}", fullmatch=True),
    st.builds(lambda n: "/inputs" * n, st.integers(1, 40)),  # around the cut at 120
    st.builds(lambda path, text: path + "/" + text, st.just("/model"), _ANY_TEXT),
    st.text(alphabet="/ab\n\r\x1b\x7f\x85\u2028", min_size=1, max_size=8),
)
_ISSUES = st.builds(
    ss.Issue,
    path=_PATHS,
    code=st.sampled_from(["type", "enum", "not-applicable", "json", "unreadable"]),
    message=st.one_of(
        st.sampled_from(["expected a boolean, got string ('yes')", "x" * 300, "é ✓", "a\tb"]),
        _ANY_TEXT,
    ),
    severity=st.sampled_from(["error", "warning"]),
)
_RESULTS = st.builds(
    _batch.Result,
    source=st.one_of(st.just("data/part-0.jsonl"), st.just("<stdin>"), _ANY_TEXT),
    line=st.one_of(st.none(), st.integers(1, 10**7)),
    schema=st.sampled_from([None, "model", "train-action-response"]),
    verdict=st.sampled_from(["valid", "invalid", "unreadable", "unrecognised"]),
    issues=st.lists(_ISSUES, max_size=4).map(tuple),
)


@given(
    _RESULTS,
    st.builds(
        ValidateOutput,
        json_format=st.booleans(),
        against=st.sampled_from(["strict", "lenient, sdk-2.4"]),
        revision=st.sampled_from([None, "sdk-2.4"]),
        encoding=st.sampled_from(["utf-8", "UTF-8", "ascii", "latin-1", "cp1252"]),
        show_warnings=st.booleans(),
        quiet=st.booleans(),
    ),
)
def test_the_validate_renderer_writes_what_the_line_writers_write(result: Any, render: Any) -> None:
    assert render(result) == _reference_output(result, render)
