"""scenario_schema.batch on a real engine: Dask partitions on a two-process local cluster.

A JSON Lines dataset of several files (valid, invalid, malformed, non-UTF-8, blank and
CRLF lines, a last line without its newline) is validated by ``validate_lines`` in the
workers of ``distributed.LocalCluster`` and by ``scenario-schema validate --format json``;
the per-line results and the totals are the same.
"""

from __future__ import annotations

import copy
import json
import operator
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from scenario_schema.batch import Result, Totals, totals, validate_lines
from scenario_schema.cli import main
from scenario_schema.cli._validate import ValidateOutput
from tests.conftest import PAGE_EXAMPLE, ROOT

dask_bag = pytest.importorskip("dask.bag", reason="dask[bag] is a test dependency")
distributed = pytest.importorskip("distributed", reason="distributed is a test dependency")

from benchmarks.engine import WORKERS, local_cluster  # noqa: E402 (needs dask and distributed)


def _variants() -> list[bytes]:
    """One line of each kind the command line meets, as the bytes of a file."""
    example = copy.deepcopy(PAGE_EXAMPLE)
    del example["model"]["uiConfig"]["triggerGenerate"]["after"]
    broken = copy.deepcopy(example)
    broken["model"]["parameters"]["rank"] = 500
    broken["model"]["capabilities"].append("txt2hologram")
    model = example["model"]
    return [
        json.dumps(example).encode() + b"\n",  # valid, with warnings
        json.dumps(model).encode() + b"\n",  # a Model, found by auto
        json.dumps(broken).encode() + b"\n",  # invalid
        json.dumps({"model": {"id": 1}}).encode() + b"\r\n",  # invalid, CRLF
        b'{"model": {"id": "m", "rank": NaN}}\n',  # NaN token, reported at its field
        b"{broken json\n",  # malformed
        b'{"model": {"id": "\xff\xfe"}}\n',  # not UTF-8
        b'{"a":\r 1}\n',  # a lone CR is whitespace inside a line; of no known shape
        b"\n",
        b"   \t\n",  # blank lines: skipped, counted
        json.dumps({"model": {"id": "m", "big": 2**70, "deep": [[[1e400]]]}}).encode() + b"\n",
    ]


def _dataset(folder: Path, files: int = 3, lines: int = 1200) -> list[str]:
    variants = _variants()
    paths = []
    for number in range(files):
        path = folder / f"part-{number}.jsonl"
        data = b"".join(variants[(i * (number + 1)) % len(variants)] for i in range(lines))
        if number == files - 1:
            data += b'{"action": "cancel"}'  # the last line without its newline
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def _lines(path: str) -> list[bytes]:
    with open(path, "rb") as stream:
        return list(stream)


_AS_JSON = ValidateOutput(json_format=True, against="strict", revision=None, encoding="utf-8")
"""What ``validate --format json`` writes for a result (the page's revision, strict)."""


def _as_record(result: Result) -> Any:
    """A result as ``--format json`` writes it."""
    return json.loads(_AS_JSON(result))


def _check_partition(partition: Iterable[tuple[str, str]]) -> list[Result]:
    """One file's lines, read with ``include_path``: ``(line, path)`` pairs."""
    pairs = list(partition)
    source = pairs[0][1] if pairs else ""
    return list(validate_lines([line for line, _ in pairs], source=source))


def _count_partition(partition: Iterable[tuple[str, str]]) -> list[Totals]:
    return [totals(_check_partition(partition))]


def _on_cluster(paths: list[str]) -> dict[str, Any]:
    """Validate the files' lines on a local cluster: the records, the totals, the workers."""
    with local_cluster() as client:
        # One partition per file (no blocksize): line numbers are the file's. Lines split
        # at "\n" only and undecodable bytes kept, as the command line reads them.
        lines = dask_bag.read_text(
            paths,
            encoding="utf-8",
            errors="surrogateescape",
            linedelimiter="\n",
            include_path=True,
        )
        assert lines.npartitions == len(paths)
        results = lines.map_partitions(_check_partition)
        counts = lines.map_partitions(_count_partition).fold(operator.add, initial=Totals())
        got, total = client.compute([results, counts], sync=True)
        workers = client.run(lambda: "ok")
    return {
        "records": [_as_record(result) for result in got],
        "totals": [total.valid, total.invalid, total.unreadable, total.unrecognised],
        "workers": len(workers),
    }


def test_validate_lines_on_a_local_cluster_reports_what_the_cli_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cluster runs in a child process (this module as a script): the threads it
    leaves behind stay there, so later tests that fork (``--jobs``) fork a process
    with one thread (no "multi-threaded, use of fork()" DeprecationWarning)."""
    paths = _dataset(tmp_path)
    status = main(["validate", "--format", "json", *paths])
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    blank = sum(not line.strip() for path in paths for line in _lines(path))
    assert len(expected) == 3 * 1200 + 1 - blank  # blank lines skipped, the last one kept

    child = subprocess.run(
        [sys.executable, "-m", "tests.test_dask", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    found = json.loads(child.stdout)
    assert found["workers"] == WORKERS == 2

    assert found["records"] == expected
    codes = {issue["code"] for record in expected for issue in record["issues"]}
    assert {"unreadable", "json", "not-finite", "enum", "maximum", "type"} <= codes
    total = Totals(*found["totals"])
    assert total == Totals(
        valid=sum(record["valid"] for record in expected),
        invalid=sum(not record["valid"] and record["schema"] is not None for record in expected),
        unreadable=sum(
            record["schema"] is None and record["issues"][0]["code"] != "schema"
            for record in expected
        ),
        # `{"a": 1}` fits no shape `auto` knows: unrecognised, as the command line says.
        unrecognised=sum(
            record["schema"] is None and record["issues"][0]["code"] == "schema"
            for record in expected
        ),
    )
    assert min(total.valid, total.invalid, total.unreadable) > 0
    assert total.status == status == 2


if __name__ == "__main__":  # the cluster's side of the test above, in a process of its own
    print(json.dumps(_on_cluster(sys.argv[1:])))
