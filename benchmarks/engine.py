"""Throughput of `scenario_schema.batch.validate_lines`: in one process, and on Dask.

Run with `.venv/bin/python -m benchmarks.engine` (Dask and distributed come with the
`test` dependency group). Writes 8 JSON Lines files of the spec example (the page's
example, 15 warnings a line; `--clean` for the example with no issue) to a temporary
folder, then measures documents per second of CPU in this process, and documents per
second of wall time on a `distributed.LocalCluster` of 2 worker processes of 1 thread
each reading the files with `dask.bag.read_text(...).map_partitions(...)`, the way
docs/guide/at-scale.md shows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import operator
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.bag
import distributed

from benchmarks.payloads import clean_example, page_example
from scenario_schema.batch import Totals, totals, validate_lines

WORKERS = 2
"""Worker processes of the cluster, one thread each."""


@contextlib.contextmanager
def local_cluster() -> Iterator[Any]:
    """A client of a `distributed.LocalCluster` of :data:`WORKERS` one-thread processes.

    On loopback, without a dashboard: the cluster `tests/test_dask.py` checks on.
    """
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=WORKERS,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _count(partition: Any) -> list[Totals]:
    return [totals(validate_lines(partition))]


def main() -> None:
    """Print the throughputs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--clean", action="store_true", help="the example with no issue")
    args = parser.parse_args()
    document = clean_example() if args.clean else page_example()
    line = (json.dumps(document, separators=(",", ":")) + "\n").encode()
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(Path(folder) / f"part-{index}.jsonl") for index in range(8)]
        for path in paths:
            Path(path).write_bytes(line * (args.documents // len(paths)))
        lines = Path(paths[0]).read_bytes().splitlines(keepends=True)
        totals(validate_lines(lines[:10]))  # the checks are generated on first use
        started = time.process_time()
        checked = totals(validate_lines(lines)).checked
        per_core = checked / (time.process_time() - started)
        print(f"one process: {per_core:,.0f} documents/s per core (CPU time)")
        with local_cluster() as client:
            bag = dask.bag.read_text(  # type: ignore[no-untyped-call]
                paths, encoding="utf-8", errors="surrogateescape", linedelimiter="\n"
            )
            counts = bag.map_partitions(_count).fold(operator.add, initial=Totals())
            client.compute(counts, sync=True)  # warm the workers up
            started = time.perf_counter()
            total: Totals = client.compute(counts, sync=True)
            elapsed = time.perf_counter() - started
        print(
            f"Dask LocalCluster, {WORKERS} workers x 1 thread: {total.checked:,} documents in"
            f" {elapsed:.2f} s, {total.checked / elapsed:,.0f} documents/s,"
            f" {total.checked / elapsed / WORKERS:,.0f} per worker core"
        )


if __name__ == "__main__":
    main()
