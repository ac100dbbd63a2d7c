"""Timing helpers shared by the benchmarks: calls in a row, GC states, paired ratios."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

__all__ = ["GC_STATES", "calls_for", "paired_ratios", "per_call"]

GC_STATES = ("GC on", "GC off")


def per_call(function: Callable[[], object], calls: int) -> float:
    """Seconds per call over `calls` calls in a row."""
    started = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - started) / calls


def calls_for(function: Callable[[], object], seconds: float) -> int:
    """How many calls in a row take about `seconds` (at least one)."""
    for _ in range(3):
        function()
    calls = 1
    while True:
        elapsed = per_call(function, calls) * calls
        if elapsed >= 0.01 or calls >= 100_000:
            return max(1, round(seconds * calls / elapsed))
        calls *= 4


Pair = tuple[Callable[[], object], Callable[[], object]]


def paired_ratios(
    pairs: dict[str, Pair], rounds: int, seconds: float
) -> dict[str, dict[str, float]]:
    """Median ratio of each pair's first call to its second, per GC state.

    Each round times both sides of every pair back to back (alternating which goes first),
    each pair from a collected heap: a full collection that one pair's garbage makes due
    must not land in the next pair's timing (seen here: the SDK's call 2.5x slower after
    one row, GC on only).
    """
    counts = {
        (name, side): calls_for(call, seconds)
        for name, both in pairs.items()
        for side, call in enumerate(both)
    }
    ratios: dict[str, dict[str, list[float]]] = {s: {n: [] for n in pairs} for s in GC_STATES}
    for index in range(rounds):
        for state in GC_STATES:
            gc.collect()
            if state == "GC off":
                gc.disable()
            try:
                for name, both in pairs.items():
                    gc.collect()
                    order = (1, 0) if index % 2 else (0, 1)
                    taken = {side: per_call(both[side], counts[name, side]) for side in order}
                    ratios[state][name].append(taken[0] / taken[1])
            finally:
                gc.enable()
    return {s: {n: statistics.median(v) for n, v in per.items()} for s, per in ratios.items()}
