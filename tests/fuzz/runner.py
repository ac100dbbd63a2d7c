"""The fuzz run: ``python -m tests.fuzz --n 1000000 --seed 7 --jobs 2``.

Inputs are numbered; each is rebuilt from ``(seed, pool, number)`` alone, so a
run splits into chunks for any number of processes and gives the same findings.
Violations are deduplicated by invariant, entry point and location; each
distinct one is shown once, with how many inputs broke it and the smallest of
them, shrunk, as a reproducer. The exit status is 1 when anything was found.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any

import scenario_schema as ss

from .coldstart import first_use_race
from .generators import NO_PAYLOAD, SCHEMA_NAMES, Case, Pool, generate
from .invariants import INVARIANTS, Violation, check_case, describe_error, where
from .values import MARKER, clone, containers, render

__all__ = ["Finding", "Outcome", "main", "run", "shrink"]

CHUNK = 500
"""Inputs per unit of work (and per drift stream)."""
POOL_SIZE = 100
"""Seeds drawn per schema and mode (and breaks per schema)."""
SHRINK_BUDGET = 250
"""Most re-checks spent shrinking one reproducer."""


@dataclasses.dataclass
class Finding:
    """One distinct violation: how often it was seen, and its smallest input."""

    violation: Violation
    count: int
    index: int
    size: int


@dataclasses.dataclass
class Outcome:
    """What a run (or a chunk of one) saw."""

    inputs: int = 0
    calls: Counter[str] = dataclasses.field(default_factory=Counter)
    origins: Counter[str] = dataclasses.field(default_factory=Counter)
    findings: dict[str, Finding] = dataclasses.field(default_factory=dict)

    def merge(self, other: Outcome) -> None:
        """Fold another chunk's outcome into this one."""
        self.inputs += other.inputs
        self.calls.update(other.calls)
        self.origins.update(other.origins)
        for theirs in other.findings.values():
            self.record(theirs.violation, theirs.index, theirs.size, theirs.count)

    def record(self, violation: Violation, index: int, size: int, count: int = 1) -> None:
        """Count a violation; keep the smallest input that shows it."""
        mine = self.findings.get(violation.key)
        if mine is None:
            self.findings[violation.key] = Finding(violation, count, index, size)
            return
        mine.count += count
        if (size, index) < (mine.size, mine.index):
            mine.violation, mine.index, mine.size = violation, index, size


def _size(case: Case) -> int:
    return len(render(case.payload)) + len(case.text or "")


def run_chunk(pool: Pool, seed: int, start: int, stop: int) -> Outcome:
    """Check inputs ``start`` to ``stop - 1``, then drift over all of them as one stream."""
    outcome = Outcome()
    stream: list[tuple[int, Any]] = []
    for index in range(start, stop):
        outcome.inputs += 1
        try:
            case = generate(pool, seed, index)
            outcome.origins[case.origin] += 1
            violations = check_case(case, outcome.calls)
        except Exception as error:  # the harness's own fault: say so, and go on
            found = Violation("harness-error", "tests.fuzz", where(error), describe_error(error))
            outcome.record(found, index, 10**9)
            continue
        if violations:
            size = _size(case)
            for violation in {v.key: v for v in violations}.values():
                outcome.record(violation, index, size)
        if case.payload is not NO_PAYLOAD:
            stream.append((index, case.payload))
    outcome.calls["drift(stream)"] += 1
    try:
        report = ss.drift(payload for _, payload in stream)
        shown = repr(report) + json.dumps(report.to_json())
    except Exception as error:
        violation = Violation(
            "no-unexpected-exception",
            "drift(stream)",
            type(error).__name__,
            f"drift over {len(stream)} documents raised {type(error).__name__}",
        )
        outcome.record(violation, _culprit(stream, type(error)), 10**9)
    else:
        if MARKER in shown:
            violation = Violation(
                "no-secret-in-output", "drift(stream)", "report", "the marker is in the report"
            )
            outcome.record(violation, stream[0][0] if stream else -1, 10**9)
    return outcome


def _culprit(stream: list[tuple[int, Any]], kind: type[BaseException]) -> int:
    """The first document that makes drift raise ``kind`` alone (the stream's first otherwise)."""
    for index, payload in stream:
        try:
            report = ss.drift([payload])
            repr(report) + json.dumps(report.to_json())
        except kind:
            return index
        except Exception:
            continue
    return stream[0][0] if stream else -1


# --- processes ----------------------------------------------------------------------------

_WORKER_POOL: Pool | None = None


def _start_worker(pool: Pool) -> None:
    global _WORKER_POOL  # noqa: PLW0603 - the pool every task of this worker process reads
    _WORKER_POOL = pool


def _worker_chunk(seed: int, start: int, stop: int) -> Outcome:
    assert _WORKER_POOL is not None
    return run_chunk(_WORKER_POOL, seed, start, stop)


def _chunks(n: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, CHUNK):
        yield start, min(start + CHUNK, n)


def run(
    n: int,
    seed: int,
    *,
    pool: Pool,
    jobs: int = 1,
    progress: IO[str] | None = None,
) -> Outcome:
    """Check inputs ``0`` to ``n - 1`` of ``seed`` in ``jobs`` processes."""
    total = Outcome()
    began = last = time.monotonic()

    def show(final: bool = False) -> None:
        nonlocal last
        now = time.monotonic()
        if progress is None or (not final and now - last < 5):
            return
        last = now
        rate = total.inputs / max(now - began, 1e-9)
        progress.write(
            f"{total.inputs:,}/{n:,} inputs, {rate:,.0f}/s,"
            f" {len(total.findings)} distinct violations\n"
        )
        progress.flush()

    try:
        if jobs <= 1:
            for start, stop in _chunks(n):
                total.merge(run_chunk(pool, seed, start, stop))
                show()
        else:
            _run_parallel(total, n, seed, pool, jobs, show)
    except KeyboardInterrupt:  # Ctrl-C: report what was checked so far
        if progress is not None:
            progress.write(f"interrupted: reporting the {total.inputs:,} inputs checked\n")
    show(final=True)
    return total


def _run_parallel(
    total: Outcome, n: int, seed: int, pool: Pool, jobs: int, show: Callable[[], None]
) -> None:
    workers = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(pool,))
    try:
        pending: deque[Future[Outcome]] = deque()
        for start, stop in _chunks(n):
            pending.append(workers.submit(_worker_chunk, seed, start, stop))
            if len(pending) >= 4 * jobs:
                total.merge(pending.popleft().result())
                show()
        while pending:
            total.merge(pending.popleft().result())
            show()
    finally:
        workers.shutdown(wait=False, cancel_futures=True)


# --- shrinking and reporting -------------------------------------------------------------


def _removable(payload: Any) -> list[tuple[Any, Any]]:
    """The (container, key) pairs of a document that can be deleted in place, in a fixed order."""
    found: list[tuple[Any, Any]] = []
    for _, container in sorted(containers(payload), key=lambda item: item[0]):
        if isinstance(container, dict):
            found.extend((container, key) for key in container)
        elif isinstance(container, list):
            found.extend((container, index) for index in reversed(range(len(container))))
    return found


def _drift_raises(payload: Any, kind: str) -> bool:
    try:
        report = ss.drift([payload])
        repr(report) + json.dumps(report.to_json())
    except Exception as error:
        return type(error).__name__ == kind
    return False


def shrink(case: Case, violation: Violation, budget: int = SHRINK_BUDGET) -> Case:
    """A smaller case that still breaks the same invariant the same way (greedy deletion)."""
    spent = 0

    def holds(candidate: Case) -> bool:
        nonlocal spent
        spent += 1
        if violation.entry == "drift(stream)":  # found in a stream, shrunk alone
            return _drift_raises(candidate.payload, violation.location)
        return any(found.key == violation.key for found in check_case(candidate))

    if not holds(case):  # seen only in a stream, or only alongside other inputs
        return case
    current = case
    if current.text is not None and violation.entry not in ("decode", "check_text"):
        candidate = current.replace(text=None, parser="")
        if holds(candidate):
            current = candidate
    for simpler in (
        {"training_images": None},
        {"check_formats": False},
        {"strict_training": False},
    ):
        candidate = current.replace(**simpler)
        if candidate != current and holds(candidate):
            current = candidate
    if current.text is not None or current.payload is NO_PAYLOAD:
        return current
    progressed = True
    while progressed and spent < budget:
        progressed = False
        for position in range(len(_removable(current.payload))):
            if spent >= budget:
                break
            payload = clone(current.payload)
            container, item = _removable(payload)[position]
            del container[item]
            candidate = current.replace(payload=payload, expected=None)
            if holds(candidate):
                current, progressed = candidate, True
                break
    return current


def describe(case: Case) -> list[str]:
    """The lines that rebuild a case by hand."""
    lines = [
        f"schema={case.schema!r} origin={case.origin} check_formats={case.check_formats}"
        f" drift_schema={case.drift_schema!r}",
        f"model_type={case.model_type!r} training_images={render(case.training_images)}"
        f" strict={case.strict_training}",
    ]
    if case.text is not None:
        shown = case.text if len(case.text) <= 300 else case.text[:300] + "..."
        lines.append(f"text ({len(case.text)} characters, parser {case.parser}): {shown!r}")
    if case.payload is not NO_PAYLOAD:
        shown = render(case.payload)
        lines.append("payload = " + (shown if len(shown) <= 1500 else shown[:1500] + " ..."))
    if case.expected is not None:
        lines.append(f"expected (path, code) = {case.expected!r}")
    return lines


def write_report(
    outcome: Outcome,
    pool: Pool,
    seed: int,
    seconds: float,
    out: IO[str],
    *,
    shrinking: bool = True,
) -> None:
    """The summary, then each distinct violation with its smallest input."""
    rate = outcome.inputs / max(seconds, 1e-9)
    out.write(
        f"fuzz: {outcome.inputs:,} inputs (seed {seed}, pool of {len(pool)} drawn documents)"
        f" in {seconds:,.1f} s: {rate:,.0f} inputs/s\n"
    )
    out.write("  inputs by origin: " + _counts(outcome.origins) + "\n")
    out.write("  calls by entry point: " + _counts(outcome.calls) + "\n")
    findings = sorted(outcome.findings.values(), key=lambda f: (-f.count, f.violation.key))
    hits = sum(finding.count for finding in findings)
    out.write(f"  {len(findings)} distinct violations ({hits:,} hits)\n")
    for number, finding in enumerate(findings, start=1):
        violation = finding.violation
        out.write(
            f"\n[{number}] {violation.key}  ({finding.count:,} {_unit(finding)})\n"
            f"    invariant: {INVARIANTS.get(violation.invariant, violation.invariant)}\n"
            f"    {violation.detail}\n"
        )
        if finding.index < 0:
            continue
        out.write(
            f"    replay: python -m tests.fuzz --seed {seed} --pool {pool.size}"
            f" --replay {finding.index}\n"
        )
        case = generate(pool, seed, finding.index)
        if shrinking:
            case = shrink(case, violation)
        for line in describe(case):
            out.write(f"    {line}\n")


def _unit(finding: Finding) -> str:
    return "inputs" if finding.index >= 0 else "times"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(counter.items()))


def replay(pool: Pool, seed: int, index: int, out: IO[str]) -> int:
    """Rebuild one input, check it again, print what it breaks."""
    case = generate(pool, seed, index)
    out.write(f"input {index} of seed {seed}:\n")
    for line in describe(case):
        out.write(f"  {line}\n")
    violations = check_case(case)
    for violation in violations:
        out.write(f"  VIOLATION {violation.key}: {violation.detail}\n")
    if not violations:
        out.write("  no violation\n")
    return 1 if violations else 0


def cold_start_documents(pool: Pool, per_schema: int = 1) -> list[tuple[str, str, Any]]:
    """Documents for the first-use race: per schema and mode, ``{}`` and broken ones.

    Missing required fields send the generated code to the reference walker, which
    is where a half-built cache shows; each first use (class, mode, formats, load or
    validate) is raced once per process, so more documents would only cost time.
    """
    documents: list[tuple[str, str, Any]] = []
    for name in SCHEMA_NAMES:
        broken = sorted(pool.invalid[name], key=lambda m: m.code != "required")[:per_schema]
        for mode in ("strict", "lenient"):
            documents.append((name, mode, {}))
            documents.extend((name, mode, m.payload) for m in broken)
    return documents


def main(argv: Sequence[str] | None = None) -> int:
    """The fuzz command: 0 when no invariant broke, 1 otherwise."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz",
        description="Fuzz scenario-schema's entry points against the invariants of issue #11.",
    )
    parser.add_argument("--n", type=int, default=10_000, help="how many inputs (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--pool", type=int, default=POOL_SIZE, help="seed documents drawn per schema and mode"
    )
    parser.add_argument(
        "--cold-start",
        type=int,
        default=3,
        metavar="K",
        help="fresh processes for the first-use thread race (default 3; 0 to skip)",
    )
    parser.add_argument("--no-shrink", action="store_true", help="show reproducers unshrunk")
    parser.add_argument(
        "--replay", type=int, action="append", metavar="INDEX", help="re-check one input and stop"
    )
    args = parser.parse_args(argv)
    out = sys.stdout
    began = time.monotonic()
    pool = Pool.build(args.pool, args.seed)
    out.write(f"pool: {len(pool)} documents drawn in {time.monotonic() - began:.1f} s\n")
    if args.replay:
        return max(replay(pool, args.seed, index, out) for index in args.replay)
    began = time.monotonic()
    outcome = run(args.n, args.seed, pool=pool, jobs=args.jobs, progress=sys.stderr)
    seconds = time.monotonic() - began
    if args.cold_start > 0:
        outcome.calls["cold start"] += args.cold_start
        for location, detail in first_use_race(cold_start_documents(pool), args.cold_start):
            violation = Violation("thread-safe-first-use", "validate+load", location, detail)
            outcome.record(violation, -1, 0)
    write_report(outcome, pool, args.seed, seconds, out, shrinking=not args.no_shrink)
    return 1 if outcome.findings else 0
