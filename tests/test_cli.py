"""The scenario-schema command, run in process through main()."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from scenario_schema.cli import main
from tests.conftest import EXAMPLES

VALID = str(EXAMPLES / "train-action-response.json")
INVALID = str(EXAMPLES / "invalid-train-action-response.json")


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
    status, out, _ = _run(capsys, "validate", INVALID)
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
    status, out, _ = _run(capsys, "validate", "--format", "json", VALID, INVALID)
    assert status == 1
    first, second = _json_lines(out)
    assert first == {
        "source": VALID,
        "line": None,
        "schema": "train-action-response",
        "valid": True,
        "issues": [
            {
                "path": "/model/uiConfig/triggerGenerate",
                "code": "conflict",
                "message": "'after' and 'position' should not both be given",
                "severity": "warning",
            }
        ],
    }
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
        capsys, "validate", "--schema", "train-action-params", "--format", "json", str(stream)
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
    assert malformed["code"] == "malformed-json"
    assert "line 4 column 2" in malformed["message"]


def test_jsonl_is_streamed_not_read_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written_before_each_read: list[int] = []

    class Stream(io.StringIO):
        def __iter__(self) -> Any:
            for line in self.getvalue().splitlines(keepends=True):
                written_before_each_read.append(len(capsys.readouterr().out))
                yield line

    monkeypatch.setattr("sys.stdin", Stream('{"action": "cancel"}\n' * 3))
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
    assert record["issues"][0]["code"] == "depth"
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


SDK_STREAM = str(EXAMPLES / "sdk-2.4-responses.jsonl")


def test_validate_takes_a_revision(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "validate", SDK_STREAM)
    assert status == 1
    assert out.splitlines()[-1] == "36 documents checked: 23 valid, 13 invalid, 0 unreadable"
    assert "(train-action-response, strict):" in out
    status, out, _ = _run(capsys, "validate", "--revision", "sdk-2.4", SDK_STREAM)
    assert status == 0
    assert out.splitlines() == ["36 documents checked: 36 valid, 0 invalid, 0 unreadable"]
    status, out, _ = _run(capsys, "validate", "--revision", "sdk-2.4", VALID)
    assert status == 0
    assert "valid (train-action-response, strict, sdk-2.4): 0 errors, 2 warnings" in out


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
