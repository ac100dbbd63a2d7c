"""What undocumented fields and errors cost: paired ratios on the documents users bring.

- Drift: `validate` and `load` of the page's example with 1, 5 and 20 undocumented
  fields (`payloads.with_undocumented`), against the same calls on the example without
  them. Targets: validate <= 1.3x, load <= 1.5x.
- One error: `validate` of the example with one broken bound (`rank` 500) and one wrong
  type (`custom` "yes"), against the SDK's `model_validate` of the same document (its
  own time, a yardstick that does not move with this library). Target: no more than
  1.5x the same ratio measured on the engine before the rewrite (commit 0dbfc54,
  :data:`BEFORE`).

    .venv/bin/python -m benchmarks.documents [--rounds N] [--seconds S]

`make bench` prints both tables.
"""

from __future__ import annotations

import argparse
import copy
import functools
from typing import Any, Final

from scenario_sdk.types.models.train_action_response import TrainActionResponse as SdkResponse

import scenario_schema as ss
from benchmarks.payloads import page_example, with_undocumented
from benchmarks.timing import Pair, paired_ratios

__all__ = ["BEFORE", "broken", "drift", "errors", "main", "table"]

SCHEMA: Final = "train-action-response"
PAGE: Final = "page"
"""Both tables check the page's example under the page's revision: the same calls as the
engine before the rewrite made by default, and a baseline with no undocumented field."""
COUNTS = (1, 5, 20)
DRIFT_TARGETS = {"validate": 1.3, "load": 1.5}
ERROR_TARGET = 1.5

BEFORE = {"a bound": 2.166, "a type": 2.214}
"""`validate` / SDK `model_validate` on each broken document, measured on 0dbfc54 (the
engine before the rewrite) with this module's :func:`errors` (median of 21 rounds, GC
on; `PYTHONPATH=<checkout of 0dbfc54>/src python -m benchmarks.documents --before`)."""


def broken() -> dict[str, dict[str, Any]]:
    """The page's example with one error each: a bound, a type."""
    bound, kind = page_example(), page_example()
    bound["model"]["parameters"]["rank"] = 500
    kind["model"]["custom"] = "yes"
    return {"a bound": bound, "a type": kind}


def drift(rounds: int, seconds: float) -> dict[str, dict[str, float]]:
    """Validate and load with 1, 5 and 20 undocumented fields, x the same without them."""
    base = page_example()
    pairs: dict[str, Pair] = {}
    for count in COUNTS:
        drifted = with_undocumented(base, count)
        assert ss.validate(drifted, SCHEMA, revision=PAGE).ok
        pairs[f"validate, {count} undocumented"] = (
            functools.partial(ss.validate, drifted, SCHEMA, revision=PAGE),
            functools.partial(ss.validate, base, SCHEMA, revision=PAGE),
        )
        pairs[f"load, {count} undocumented"] = (
            functools.partial(ss.load, ss.TrainActionResponse, drifted, revision=PAGE),
            functools.partial(ss.load, ss.TrainActionResponse, base, revision=PAGE),
        )
    return paired_ratios(pairs, rounds, seconds)


def errors(rounds: int, seconds: float) -> dict[str, dict[str, float]]:
    """Validate of a document with one error, x the SDK's model_validate of it."""
    pairs: dict[str, Pair] = {}
    for name, document in broken().items():
        assert not ss.validate(document, SCHEMA, revision=PAGE).ok
        copied = copy.deepcopy(document)
        pairs[name] = (
            functools.partial(ss.validate, document, SCHEMA, revision=PAGE),
            functools.partial(SdkResponse.model_validate, copied),
        )
    return paired_ratios(pairs, rounds, seconds)


def _verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "MISSED"


def table(
    drifted: dict[str, dict[str, float]], broke: dict[str, dict[str, float]], rounds: int
) -> list[str]:
    """Both tables as `make bench` prints them, each row with its target and verdict."""
    lines = [
        f"\nUndocumented fields: x the same call without them (median of {rounds} rounds)",
        f"  {'':<32}{'target':>8}  {'GC on':<16}{'GC off':<16}",
    ]
    for name in drifted["GC on"]:
        limit = DRIFT_TARGETS[name.split(",")[0]]
        on, off = drifted["GC on"][name], drifted["GC off"][name]
        lines.append(
            f"  {name:<32}{'<= ' + format(limit, 'g'):>8}  {on:<6.2f}{_verdict(on, limit):<10}"
            f"{off:<6.2f}{_verdict(off, limit)}"
        )
    lines += [
        f"One error: validate x SDK model_validate of the same document; before: 0dbfc54"
        f" (median of {rounds} rounds)",
        f"  {'':<32}{'before':>8}{'target':>10}  {'GC on':<16}{'GC off':<16}",
    ]
    for name in broke["GC on"]:
        limit = ERROR_TARGET * BEFORE[name]
        on, off = broke["GC on"][name], broke["GC off"][name]
        lines.append(
            f"  {name:<32}{BEFORE[name]:>8.3f}{'<= ' + format(limit, '.2f'):>10}"
            f"  {on:<6.3f}{_verdict(on, limit):<10}{off:<6.3f}{_verdict(off, limit)}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    """Print both tables; with ``--before``, only the one-error ratios (for :data:`BEFORE`)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--seconds", type=float, default=0.05)
    parser.add_argument("--before", action="store_true", help="only the one-error ratios")
    args = parser.parse_args(argv)
    broke = errors(args.rounds, args.seconds)
    if args.before:
        print({name: round(value, 3) for name, value in broke["GC on"].items()})
        return
    print("\n".join(table(drift(args.rounds, args.seconds), broke, args.rounds)))


if __name__ == "__main__":
    main()
