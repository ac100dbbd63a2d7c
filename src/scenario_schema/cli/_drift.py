"""``scenario-schema drift``: where a stream of documents departs from the contract."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import IO

from .._drift import DEFAULT_FAIL_ON, FINDING_KINDS, DriftCollector, DriftReport, Finding
from .._report import shortened
from .._typos import did_you_mean
from ._batch import (
    read_documents,
)
from ._output import (
    EXIT_INVALID,
    EXIT_USAGE,
    EXIT_VALID,
    NO_DOCUMENTS,
    SHOW_WARNINGS,
    cell,
    complain,
    emit,
    emit_json,
    plural,
)


def drift_command(args: argparse.Namespace, out: IO[str]) -> int:
    fail_on = set(DEFAULT_FAIL_ON) if args.fail_on is None else set(args.fail_on.split(","))
    unknown = fail_on - set(FINDING_KINDS)
    if unknown:
        complain(
            "drift",
            f"unknown finding kind(s) {', '.join(sorted(unknown))};"
            f" known: {', '.join(FINDING_KINDS)}",
        )
        return EXIT_USAGE
    collector = DriftCollector(args.schema, revision=args.revision)
    problems: list[str] = []
    for path in args.paths:
        for document in read_documents(path, lines=args.lines):
            if document.problem is not None:
                problems.append(f"{document.where}: {document.problem.message}")
                continue
            collector.add(document.payload, document.where)
    report = collector.report()
    if report.unrecognised_count:
        problems.append(
            f"{plural(report.unrecognised_count, 'document')} of no shape --schema auto"
            f" knows (e.g. {', '.join(report.unrecognised)}): name one with --schema"
        )
    if args.format == "json":
        record = report.to_json()
        record["inputErrors"] = problems
        emit_json(out, record, indent=2)
    else:
        _write_drift_text(
            out, report, problems, fail_on, show_warnings=args.show_warnings, quiet=args.quiet
        )
    if problems:
        return EXIT_USAGE
    if not report.documents:
        complain("drift", NO_DOCUMENTS)
        return EXIT_USAGE
    return EXIT_INVALID if report.kinds() & fail_on else EXIT_VALID


def _describe_finding(finding: Finding) -> str:
    if finding.kind == "bound":
        codes = ", ".join(sorted(finding.codes))
        unit = "length " if "maxLength" in finding.codes else ""
        if finding.minimum is None:
            return codes
        low, high = cell(finding.minimum), cell(finding.maximum)
        return f"{codes}; observed {unit}{low} to {high}"
    if finding.values:
        ranked = sorted(finding.values.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{value} x{count}" for value, count in ranked[:5]) + (
            ", ..." if len(ranked) > 5 else ""
        )
    return ""


def _known_words(finding: Finding) -> str:
    """Which revisions document the finding, or else which document some of its values."""
    if finding.known_in:
        return _known_in_words(finding.known_in)
    by_revisions: dict[tuple[str, ...], list[str]] = {}
    for value, revisions in sorted(finding.values_known_in.items()):
        by_revisions.setdefault(revisions, []).append(value)
    return "; ".join(
        f"{', '.join(values)} {_known_in_words(revisions)}"
        for revisions, values in by_revisions.items()
    )


def _write_drift_text(
    out: IO[str],
    report: DriftReport,
    problems: list[str],
    fail_on: set[str],
    *,
    show_warnings: bool = False,
    quiet: bool = False,
) -> None:
    failing = [f for f in report.findings if f.kind in fail_on]
    others = [f for f in report.findings if f.kind not in fail_on]
    listed = report.findings if show_warnings and not quiet else tuple(failing)
    if not quiet:
        schemas = ", ".join(f"{name}: {count}" for name, count in sorted(report.schemas.items()))
        emit(out, f"drift over {plural(report.documents, 'document')} ({schemas or 'none'})")
        if not report.findings:
            emit(out, "no finding: every document matches the contract")
    counts = [plural(f.documents, "doc") for f in listed]
    width = max((len(count) for count in counts), default=1)
    for finding, count in zip(listed, counts, strict=True):
        typo = did_you_mean(finding.did_you_mean) if finding.did_you_mean else ""
        detail = "; ".join(
            part for part in (_describe_finding(finding), _known_words(finding), typo) if part
        )
        emit(
            out,
            f"  {count:>{width}}  {finding.kind:<13}  {finding.pattern}"
            + (f"  ({detail})" if detail else ""),
        )
        emit(out, f"  {'':>{width}}  e.g. {', '.join(finding.examples)}")
    if not quiet:
        _write_drift_summary(out, report, others if len(listed) < len(report.findings) else [])
    for problem in problems:
        emit(out, f"input error: {problem}")


def _write_drift_summary(out: IO[str], report: DriftReport, unlisted: list[Finding]) -> None:
    """The lines after the findings: those not listed, fields never sent, the revision advice."""
    if unlisted:
        tally: dict[str, int] = {}
        for finding in unlisted:
            tally[finding.kind] = tally.get(finding.kind, 0) + 1
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(tally.items(), key=lambda i: -i[1]))
        emit(
            out,
            f"{plural(len(unlisted), 'other finding')}, not of the --fail-on kinds"
            f" ({kinds}{SHOW_WARNINGS})",
        )
    never = report.never_sent()
    if never:
        emit(out, f"documented fields never sent ({len(never)}): {shortened(never, 20)}")
    if report.dropped:
        emit(out, f"{report.dropped} findings not tracked (more than the limit)")
    for line in drift_advice(report):
        emit(out, line)


def drift_advice(report: DriftReport) -> list[str]:
    """What a drift report says about revisions: whether the stream is mixed, which to try.

    A revision is suggested only when the stream has fewer findings under it (measured),
    so the advice given under the suggested revision never points back.
    """
    lines = []
    by_revision = report.findings_by_revision
    if report.mixed():
        fits = ", ".join(f"{count} fit {revision} best" for revision, count in report.fits.items())
        lines.append(f"mixed stream: its documents fit different revisions ({fits})")
    if not report.findings or (len(set(by_revision.values())) < 2 and not report.mixed()):
        return lines
    counts = ", ".join(f"{revision} {count}" for revision, count in by_revision.items())
    suggested = report.suggested_revision()
    advice = (
        f"try --revision {suggested}"
        if suggested is not None
        else f"{report.revision} (this run) has the fewest"
    )
    lines.append(f"findings per revision: {counts}: {advice}")
    return lines


def _known_in_words(revisions: Sequence[str]) -> str:
    return f"documented in {', '.join(revisions)}" if revisions else ""
