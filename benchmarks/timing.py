"""Timing helpers shared by `bench.py` and `anatomy.py`: calls in a row, GC states."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["GC_STATES", "calls_for", "per_call"]

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
