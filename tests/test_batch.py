"""Batch scale: streamed JSON Lines, --jobs in input order, flat memory, worker purity."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import _json_text, batch
from scenario_schema._options import MAX_DEPTH
from scenario_schema.cli import _batch, _forked, main
from scenario_schema.cli import _output as cli_output
from scenario_schema.cli._batch import Progress, check_text, decode
from tests.conftest import PAGE_EXAMPLE


def _mixed_stream(path: Path, count: int) -> Path:
    lines = []
    for i in range(count):
        if i % 97 == 0:
            lines.append("{broken json")
        elif i % 5 == 0:
            lines.append(json.dumps({"action": "stop", "originalAssets": i % 2 == 0}))
        elif i % 7 == 0:
            lines.append(json.dumps({"action": "cancel", "extra": i}))
        else:
            lines.append(json.dumps({"action": "cancel"}))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(params=["forked", "process pool"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both engines of ``--jobs`` on regular files: forked workers, where the platform
    forks, and the process pool that stdin and pipes use everywhere."""
    if request.param == "forked" and not _forked.AVAILABLE:
        pytest.skip("forks on Linux only")
    monkeypatch.setattr(_forked, "AVAILABLE", request.param == "forked")
    return str(request.param)


@pytest.mark.parametrize("output", ["text", "json"])
def test_jobs_keep_the_input_order_and_the_same_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, engine: str
) -> None:
    stream = _mixed_stream(tmp_path / "params.jsonl", 1500)  # several chunks
    argv = ["validate", "--schema", "train-action-params", "--format", output, str(stream)]
    one = main([*argv[:1], "--jobs", "1", *argv[1:]]), capsys.readouterr().out
    two = main([*argv[:1], "--jobs", "2", *argv[1:]]), capsys.readouterr().out
    assert one == two
    assert one[0] == 2  # malformed lines make the run an input error
    if output == "json":
        lines = [json.loads(line)["line"] for line in one[1].splitlines()]
        assert lines == list(range(1, 1501))


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--jobs", "0", "x.json"]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_the_worker_function_pickles_and_agrees_in_a_worker_process() -> None:
    texts = [json.dumps(PAGE_EXAMPLE), json.dumps({"model": {"id": 1}}), "{oops", "[]"]
    assert pickle.loads(pickle.dumps(check_text)) is check_text
    assert pickle.loads(pickle.dumps(ss.validate)) is ss.validate
    here = [check_text(text, "auto", "strict", False) for text in texts]
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = list(pool.map(check_text, texts))
        reports = list(pool.map(ss.validate, [PAGE_EXAMPLE, {}], ["train-action-response"] * 2))
    assert there == here
    assert [r.verdict for r in there] == ["valid", "invalid", "unreadable", "unrecognised"]
    assert reports == [
        ss.validate(PAGE_EXAMPLE, "train-action-response"),
        ss.validate({}, "train-action-response"),
    ]


# VmHWM is this process's own peak RSS; ru_maxrss would include the parent's at fork.
_MEASURE = """
import os, sys
from scenario_schema import cli
from scenario_schema.cli import main
real, sys.stdout = sys.stdout, open(os.devnull, "w")
status = main(["validate", "--schema", "train-action-params", "--format", "json", sys.argv[1]])
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(peak, status, file=real)
"""


def _peak_rss_kib(path: Path) -> int:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak, status = result.stdout.split()[-2:]
    assert status == "1"
    return int(peak)


def test_peak_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    def write(count: int) -> Path:
        path = tmp_path / f"stream-{count}.jsonl"
        with path.open("w") as handle:
            for i in range(count):
                handle.write('{"action": "cancel"}\n' if i % 3 else '{"action": "pause"}\n')
        return path

    small, large = _peak_rss_kib(write(10_000)), _peak_rss_kib(write(100_000))
    assert large < small * 1.1 + 1024, (small, large)


def test_progress_bar_on_a_terminal_for_large_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = _mixed_stream(tmp_path / "params.jsonl", 300)
    terminal = Terminal()
    monkeypatch.setattr(_batch, "PROGRESS_MIN_BYTES", 1000)
    monkeypatch.setattr("sys.stderr", terminal)
    main(["validate", "--schema", "train-action-params", str(stream)])
    bar = terminal.getvalue()
    assert "100.0% 300 documents" in bar
    assert bar.startswith("\r[")
    assert "documents" not in capsys.readouterr().out.splitlines()[0]


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = _mixed_stream(tmp_path / "params.jsonl", 300)
    monkeypatch.setattr(_batch, "PROGRESS_MIN_BYTES", 1000)
    main(["validate", "--schema", "train-action-params", str(stream)])
    assert capsys.readouterr().err == ""


def test_check_text_reads_what_the_cli_reads() -> None:
    result = check_text('{"action": NaN}', "train-action-params", line=3, source="s")
    assert (result.source, result.line, result.verdict) == ("s", 3, "invalid")
    assert [(i.path, i.code) for i in result.issues] == [("/action", "type")]


def test_units_are_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"action": "cancel"}\n' * 10)
    units: Any = _batch.read_units(str(path), lines=False)
    assert next(units).line == 1


def test_progress_counts_bytes_and_reaches_the_total_on_multibyte_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "params.jsonl"
    line = json.dumps({"action": "cancel", "note": "été ✓ 日本語 🙂"}, ensure_ascii=False)
    path.write_text(f"{line}\n\n  \n{line}\r\n" * 50, encoding="utf-8")
    monkeypatch.setattr(_batch, "PROGRESS_INTERVAL", 0.0)  # draw at every block
    monkeypatch.setattr(_batch, "PROGRESS_MIN_BYTES", 1)
    monkeypatch.setattr(_batch, "BLOCK_LINES", 7)  # several blocks
    terminal = Terminal()
    progress = Progress([str(path)], terminal)
    settings = _batch.Settings("train-action-params", "strict", False, "page", lambda r: "")
    chunks = list(_batch.check_inputs([str(path)], settings, lines=False))
    assert chunks
    for chunk in chunks:  # as the command line counts them
        progress.count(chunk.size, chunk.totals.checked)
    assert progress.done == progress.total == path.stat().st_size
    assert terminal.getvalue().rsplit("\r", 1)[-1].startswith(f"[{'#' * 30}] 100.0% 100 ")


def _deep_document() -> str:
    """Two branches deeper than the limit, objects and arrays, and values beside them."""
    deep_list = "[" * (MAX_DEPTH + 20) + "1" + "]" * (MAX_DEPTH + 20)
    deep_object = '{"k": ' * (MAX_DEPTH + 5) + "[]" + "}" * (MAX_DEPTH + 5)
    return (
        '{"id": "m", "a": ' + deep_list + ', "b": {"c": ' + deep_object + "},"
        ' "s": "[[[{{{", "e": [1, 2, {"x": "]]]"}]}'
    )


def test_a_document_cut_for_depth_validates_as_the_whole_document_would() -> None:
    text = _deep_document()
    shallow, cuts = _json_text._shallow(text)
    assert len(cuts) == 2
    for schema in ("model", "train-action-response"):
        for mode in ("strict", "lenient"):
            whole = ss.validate(json.loads(text), schema, mode=mode)
            cut = ss.validate(json.loads(shallow), schema, mode=mode)
            assert cut == whole
            assert "depth" in {issue.code for issue in whole.issues}


def test_a_document_too_deep_to_decode_is_cut_not_rejected() -> None:
    levels = 50_000
    text = '{"id": "m", "a": ' + "[" * levels + "]" * levels + "}"
    with pytest.raises(RecursionError):
        json.loads(text)
    document = decode(_batch.Unit("s", None, text))
    assert document.problem is None
    depth = [i for i in ss.validate(document.payload, "model").issues if i.code == "depth"]
    assert [issue.path for issue in depth] == ["/a" + "/0" * (MAX_DEPTH - 1)]


# --- blocks: many of them, in one process or two, give the same output -------------------


def test_many_small_blocks_in_two_processes_give_the_output_of_one(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    engine: str,
) -> None:
    monkeypatch.setattr(_batch, "BLOCK_BYTES", 64)  # a block per line or two
    monkeypatch.setattr(_batch, "BLOCK_LINES", 3)
    first = _mixed_stream(tmp_path / "a.jsonl", 400)
    second = tmp_path / "b.ndjson"
    second.write_bytes(b'\n{"action": "cancel"}\r\n\n{"action": "\xff"}\n  \n{"action": 1}')
    whole = tmp_path / "c.json"
    whole.write_text('{"action": "stop"}')
    empty = tmp_path / "d.json"
    empty.write_text(" \n")
    paths = [str(first), str(tmp_path / "missing.jsonl"), str(second), str(whole), str(empty)]
    for output in ("text", "json"):
        argv = ["validate", "--schema", "train-action-params", "--format", output, *paths]
        one = main([*argv[:1], "--jobs", "1", *argv[1:]]), capsys.readouterr().out
        two = main([*argv[:1], "--jobs", "2", *argv[1:]]), capsys.readouterr().out
        assert one == two
        assert one[0] == 2
    records = [json.loads(line) for line in one[1].splitlines()]
    assert [r["line"] for r in records if r["source"] == str(second)] == [2, 4, 6]
    assert len(records) == 400 + 1 + 3 + 1 + 1


@given(
    st.lists(st.binary(max_size=90).map(lambda b: b.replace(b"\n", b"x")), max_size=30),
    st.booleans(),
    st.integers(1, 64),
    st.integers(1, 5),
)
def test_blocks_are_whole_lines_however_the_file_is_cut(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[bytes],
    last_newline: bool,
    block_bytes: int,
    block_lines: int,
) -> None:
    """Blocks, held or read back from their byte range, give the file's lines in order."""
    path = tmp_path_factory.mktemp("blocks") / "lines.jsonl"
    data = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    path.write_bytes(data)
    expected = list(io.BytesIO(data))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_batch, "BLOCK_BYTES", block_bytes)
        patch.setattr(_batch, "BLOCK_LINES", block_lines)
        for ranges in (False, True):
            blocks = list(_batch.plan(str(path), lines=True, ranges=ranges))
            assert all(isinstance(block, _batch.Block) for block in blocks)
            read = [_batch._read_block(block) for block in blocks]  # type: ignore[arg-type]
            assert [line for chunk in read for line in chunk] == expected
            assert all(0 < len(chunk) <= block_lines for chunk in read)
            firsts = [block.first_line for block in blocks]  # type: ignore[union-attr]
            assert firsts == [1 + sum(map(len, read[:i])) for i in range(len(read))]
            assert all((block.lines is None) is ranges for block in blocks)  # type: ignore[union-attr]


def test_a_file_that_changed_under_a_worker_is_unreadable_not_misnumbered(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'{"action": "cancel"}\n' * 10)
    (block,) = _batch.plan(str(path), lines=True, ranges=True)
    path.write_bytes(b'{"action": "cancel"}\n\n' * 5)  # same size, other lines
    settings = _batch.Settings("train-action-params", "strict", False, "page", repr)
    chunk = _batch.run_block(block, settings)  # type: ignore[arg-type]
    assert chunk.totals == _batch.Totals(valid=0, invalid=0, unreadable=1)
    assert "changed while it was read" in chunk.texts[0]


# --- scenario_schema.batch: the CLI's verdicts as a function of lines ---------------------


def test_validate_lines_gives_the_cli_results_for_str_and_bytes_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (
        json.dumps(PAGE_EXAMPLE).encode()
        + b'\n\n{"model": {"id": 1}}\r\n{oops\n{"model": {"id": "\xff"}}\n'
        + b'{"id": "m", "x": NaN}\n   \n{"action": "x\xc3"}\n{"id": "m", "rank": 1e400}'
    )
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    assert main(["validate", "--format", "json", str(path)]) == 2
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    raw = list(io.BytesIO(data))
    as_bytes: list[Any] = raw
    as_text: list[Any] = [line.decode("utf-8", "surrogateescape") for line in raw]
    as_bytearrays: list[Any] = [bytearray(line) for line in raw]
    for lines in (as_bytes, as_text, as_bytearrays):
        results = list(batch.validate_lines(lines, source=str(path)))
        got = [
            {
                "source": r.source,
                "line": r.line,
                "schema": r.schema,
                "valid": r.ok,
                "issues": [cli_output.issue_json(issue) for issue in r.issues],
            }
            for r in results
        ]
        assert got == expected
        assert batch.totals(results) == batch.Totals(valid=1, invalid=3, unreadable=3)


def test_validate_lines_results_pickle_and_totals_add() -> None:
    lines = ['{"action": "cancel"}\n', '{"action": 1}\n', "\n", "{"]
    results = list(batch.validate_lines(lines, "train-action-params", first_line=10))
    assert [(r.line, r.verdict) for r in results] == [
        (10, "valid"),
        (11, "invalid"),
        (13, "unreadable"),
    ]
    assert pickle.loads(pickle.dumps(results)) == results
    parts = [batch.totals(results), batch.totals(results[:1]), batch.Totals()]
    assert sum(parts, batch.Totals()) == batch.Totals(valid=2, invalid=1, unreadable=1)
    assert sum(parts, batch.Totals()).status == 2
    assert batch.Totals(valid=3).status == 0
    assert batch.Totals(valid=3, invalid=1).status == 1
    assert batch.Totals().status == 2  # no document at all, as the CLI says


def test_validate_lines_takes_text_with_lone_surrogates_as_text() -> None:
    """A surrogate that stands for no byte is text json.loads reads (as validate_json does)."""
    (result,) = batch.validate_lines(['{"model": {"id": "\ud800"}, "x": 1}'])
    report = ss.validate_json('{"model": {"id": "\ud800"}, "x": 1}', "train-action-response")
    assert result.issues == report.issues
    assert result.schema == "train-action-response"


def test_validate_lines_refuses_unknown_settings_at_once() -> None:
    with pytest.raises(ValueError, match="unknown schema"):
        batch.validate_lines([], "nope")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode"):
        batch.validate_lines([], mode="loose")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="revision"):
        batch.validate_lines([], revision="v9")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not dict"):
        list(batch.validate_lines([{"action": "cancel"}]))  # type: ignore[list-item]
