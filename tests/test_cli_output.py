"""Output a person can read: status lines that count warnings, --show-warnings, -q, progress."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from scenario_schema._report import Issue
from scenario_schema.cli import _batch, main
from scenario_schema.cli._output import warning_tally
from tests.conftest import PAGE_EXAMPLE, ROOT

EXAMPLES = ROOT / "examples"
VALID = str(EXAMPLES / "train-action-response.json")
SDK_STREAM = str(EXAMPLES / "sdk-2.4-responses.jsonl")
PAGE_STREAM = str(EXAMPLES / "responses.jsonl")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_a_valid_document_is_one_status_line_counting_its_warnings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The issue's case: the page's example printed sixteen lines."""
    status, out = _run(capsys, "validate", "--revision", "page", VALID)
    assert status == 0
    assert out.splitlines() == [
        f"{VALID}: valid (train-action-response, strict, page): 0 errors, 16 warnings"
        " (15 not-applicable, 1 conflict; --show-warnings to list)",
        "1 document checked: 1 valid, 0 invalid, 0 unreadable",
    ]


def test_show_warnings_lists_them_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "validate", "--revision", "page", "--show-warnings", VALID)
    assert status == 0
    lines = out.splitlines()
    assert (
        lines[0] == f"{VALID}: valid (train-action-response, strict, page): 0 errors, 16 warnings"
    )
    assert len(lines) == 1 + 16 + 1
    assert sum(line.startswith("  warning ") for line in lines) == 16
    assert "  warning /model/uiConfig/triggerGenerate: 'after' and 'position'" in out


def test_valid_streams_print_a_line_per_document(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: 36 valid documents printed 516 lines."""
    status, out = _run(capsys, "validate", SDK_STREAM)
    assert status == 0
    lines = out.splitlines()
    # One line per document with warnings (34; a line without any issue prints nothing,
    # as before), and the summary.
    assert len(lines) == 34 + 1
    assert all("--show-warnings to list)" in line for line in lines[:-1])


def test_quiet_prints_nothing_when_all_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "validate", "-q", SDK_STREAM) == (0, "")
    assert _run(capsys, "validate", "--quiet", "--show-warnings", VALID) == (0, "")


def test_quiet_prints_only_documents_with_errors_and_their_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _ = _run(capsys, "validate", "--revision", "page", PAGE_STREAM)
    assert status == 1
    quiet_status, quiet = _run(capsys, "validate", "--revision", "page", "-q", PAGE_STREAM)
    assert quiet_status == status  # the exit status is unchanged
    lines = quiet.splitlines()
    assert lines[0] == (f"{PAGE_STREAM}:4: invalid (train-action-response, strict, page): 1 error")
    assert lines[1].startswith("  error   /model/status: 'archived' is not one of")
    assert not any("warning" in line for line in lines)
    assert not any("checked" in line for line in lines)  # no summary line
    documents = [line for line in lines if not line.startswith("  ")]
    assert len(documents) == 7
    assert all(": invalid (" in line for line in documents)


def test_json_output_stays_complete(capsys: pytest.CaptureFixture[str]) -> None:
    _, plain = _run(capsys, "validate", "--format", "json", SDK_STREAM)
    _, quiet = _run(capsys, "validate", "--format", "json", "-q", SDK_STREAM)
    assert plain == quiet
    records = [json.loads(line) for line in plain.splitlines()]
    assert len(records) == 36
    assert sum(len(record["issues"]) for record in records) > 36
    assert all(i["severity"] == "warning" for r in records for i in r["issues"])


@pytest.mark.parametrize("flags", [(), ("--show-warnings",), ("-q",), ("--format", "json")])
def test_jobs_output_is_the_same_as_one_process(
    capsys: pytest.CaptureFixture[str], flags: tuple[str, ...]
) -> None:
    args = ("validate", "--revision", "page", *flags, PAGE_STREAM, SDK_STREAM, VALID)
    one = _run(capsys, *args, "--jobs", "1")
    two = _run(capsys, *args, "--jobs", "2")
    assert one == two


def test_warning_tally_counts_by_code_most_first() -> None:
    issues = [
        Issue("/a", "not-applicable", "m", "warning"),
        Issue("/b", "conflict", "m", "warning"),
        Issue("/c", "not-applicable", "m", "warning"),
        Issue("/d", "type", "m", "error"),
    ]
    assert warning_tally(issues) == "2 not-applicable, 1 conflict"
    assert warning_tally([]) == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_cleared_before_a_line_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stdout and stderr on one terminal: no line may follow the bar on the bar's line."""
    broken = copy.deepcopy(PAGE_EXAMPLE)
    broken["model"]["parameters"]["rank"] = 500
    stream = tmp_path / "clean.jsonl"
    stream.write_text(
        "".join(json.dumps(broken if i % 40 == 39 else PAGE_EXAMPLE) + "\n" for i in range(200))
    )
    monkeypatch.setattr(_batch, "PROGRESS_MIN_BYTES", 1000)
    monkeypatch.setattr(_batch, "PROGRESS_INTERVAL", 0.0)
    monkeypatch.setattr(_batch, "BLOCK_LINES", 10)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(["validate", "-q", str(stream)]) == 1
    shown = terminal.getvalue()
    assert "documents" in shown  # the bar was drawn
    assert shown.count(": invalid (") == 5
    for line in shown.split("\n"):
        visible = line.split("\r")[-1]  # what a terminal shows of the line
        assert not ("documents" in visible and "invalid" in visible), repr(line)
        if "invalid" in line:
            assert visible.startswith(str(stream)), repr(line)


def test_progress_clear_blanks_the_bar_and_draws_it_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_batch, "PROGRESS_MIN_BYTES", 0)
    terminal = _Terminal()
    progress = _batch.Progress([VALID], terminal)
    progress.count(10, 1)
    drawn = terminal.getvalue()
    progress.clear()
    width = len(drawn) - 1
    assert terminal.getvalue() == f"{drawn}\r{' ' * width}\r"
    progress.clear()  # nothing drawn since: nothing written
    assert terminal.getvalue() == f"{drawn}\r{' ' * width}\r"
    progress.count(10, 1)  # drawn again at once
    assert terminal.getvalue().endswith("2 documents")
