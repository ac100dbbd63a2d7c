"""``scenario-schema diff``: what changed between two revisions, and whom it breaks."""

from __future__ import annotations

import argparse
from typing import IO

from .._diff import PARTIES, Diff, diff
from ._output import (
    EXIT_INVALID,
    EXIT_USAGE,
    EXIT_VALID,
    complain,
    emit,
    emit_json,
    plural,
)


def diff_command(args: argparse.Namespace, out: IO[str]) -> int:
    fail_on = set() if args.fail_on is None else set(args.fail_on.split(","))
    unknown = fail_on - set(PARTIES)
    if unknown:
        complain("diff", f"unknown party {', '.join(sorted(unknown))}; known: {', '.join(PARTIES)}")
        return EXIT_USAGE
    found = diff(args.from_revision, args.to_revision)
    if args.format == "json":
        emit_json(out, found.to_json(), indent=2)
    else:
        _write_diff_text(out, found)
    broken = {party for change in found.changes for party in change.breaks}
    return EXIT_INVALID if broken & fail_on else EXIT_VALID


def _write_diff_text(out: IO[str], found: Diff) -> None:
    tallies = ", ".join(f"{len(found.breaking(party))} break {party}s" for party in PARTIES)
    emit(
        out,
        f"{found.from_revision} -> {found.to_revision}:"
        f" {plural(len(found.changes), 'change')} ({tallies})",
    )
    schema = None
    rows = [(c.kind, ",".join(c.breaks) or "-", c.path) for c in found.changes]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for change, (kind, breaks, path) in zip(found.changes, rows, strict=True):
        if change.schema != schema:
            schema = change.schema
            emit(out, f"{schema}:")
        emit(
            out,
            f"  {kind:<{widths[0]}}  {breaks:<{widths[1]}}  {path:<{widths[2]}}"
            f"  {change.description}",
        )
