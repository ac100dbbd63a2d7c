"""First use from many threads at once: each thread must get what one thread alone gets.

The library compiles its checkers and builders on first use and caches them. A
race there shows only in a fresh process, so :func:`first_use_race` starts one
per attempt (``python -m tests.fuzz.coldstart``), sends it documents on stdin,
and reads back what differed. This module imports nothing of the library at
import time, so the child really starts cold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the package is imported only inside the racing child
    from scenario_schema.models import SchemaName

__all__ = ["first_use_race", "main", "race"]

ROOT = Path(__file__).resolve().parents[2]
THREADS = 16
SWITCH = 1e-6
"""Seconds between thread switches while racing: as often as the interpreter allows."""


def _outcome(schema: SchemaName, mode: Any, payload: Any) -> str:
    """What validate and load say about a document, with and without formats, as one string."""
    import scenario_schema as ss
    from scenario_schema.models import SCHEMAS

    said = []
    for formats in (False, True):  # each is its own compiled code: one more first use
        try:
            report = ss.validate(payload, schema, mode=mode, check_formats=formats)
            said.append(str([(issue.path, issue.code) for issue in report.issues]))
        except Exception as error:
            return f"validate raised {type(error).__name__}: {error}"
        try:
            loaded = ss.load(SCHEMAS[schema], payload, mode=mode, check_formats=formats)
            said.append(type(loaded).__name__)
        except ss.ContractError as error:
            said.append(f"ContractError with {len(error.issues)} issues")
        except Exception as error:
            return f"load raised {type(error).__name__}: {error}"
    return "; ".join(said)


def race(
    documents: list[tuple[SchemaName, str, Any]], threads: int = THREADS
) -> list[tuple[str, str]]:
    """Run the documents in ``threads`` threads at once: (kind, detail) of each odd answer."""
    import scenario_schema  # noqa: F401 - imported, not used: first use is what races

    barrier = threading.Barrier(threads)
    seen: list[list[str]] = [[] for _ in range(threads)]

    def work(slot: int) -> None:
        for document in documents:  # all threads meet before each document: first uses collide
            barrier.wait()
            seen[slot].append(_outcome(*document))

    sys.setswitchinterval(SWITCH)  # switch threads often
    workers = [threading.Thread(target=work, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sys.setswitchinterval(0.005)
    expected = [_outcome(*document) for document in documents]
    problems = []
    for outcomes in seen:
        for (schema, mode, _), got, wanted in zip(documents, outcomes, expected, strict=True):
            if got != wanted:
                kind = got.split(":")[0] if " raised " in got else "a different result"
                detail = f"{schema} ({mode}) in one of {threads} threads: {got[:200]}"
                problems.append((kind, detail))
    return problems


def first_use_race(
    documents: list[tuple[str, str, Any]], attempts: int = 3
) -> list[tuple[str, str]]:
    """(kind, detail) of what differed between threads, over ``attempts`` fresh processes."""
    problems: list[tuple[str, str]] = []
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    for _ in range(attempts):
        child = subprocess.run(
            [sys.executable, "-m", "tests.fuzz.coldstart"],
            input=json.dumps(documents),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=environment,
            check=False,
            timeout=300,
        )
        if child.returncode != 0:
            problems.append(("child failed", child.stderr.strip()[-300:]))
            continue
        problems.extend((kind, detail) for kind, detail in json.loads(child.stdout))
    return problems


def main() -> int:
    """Read ``[[schema, mode, payload], ...]`` on stdin, print the problems as JSON."""
    documents = [(schema, mode, payload) for schema, mode, payload in json.load(sys.stdin)]
    print(json.dumps(race(documents)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
