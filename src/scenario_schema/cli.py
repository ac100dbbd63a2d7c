"""The ``scenario-schema`` command: check JSON documents against the contract.

``main`` takes its arguments and returns the exit status, so tests call it in
process: 0 when every document is valid (warnings allowed), 1 when one is
invalid, 2 for a usage error, an unreadable file or malformed JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, cast

from ._batch import Document, Progress, check_stream, read_documents, read_units
from ._diff import PARTIES, Diff, diff
from ._drift import DEFAULT_FAIL_ON, FINDING_KINDS, DriftCollector, DriftReport, Finding
from ._json_schema import schema_file_name, schema_text
from ._report import Issue
from ._revisions import DEFAULT_REVISION, REVISIONS, Revision, resolve_revision
from ._validate import MODES
from .models import SCHEMAS
from .training import (
    DEFAULT_POLICY,
    TrainingReport,
    check_model_training,
    check_training_parameters,
)

__all__ = ["main"]

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _issue_json(issue: Issue) -> dict[str, str]:
    return {
        "path": issue.path,
        "code": issue.code,
        "message": issue.message,
        "severity": issue.severity,
    }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _validate_command(args: argparse.Namespace, out: IO[str]) -> int:
    totals = {"valid": 0, "invalid": 0, "unreadable": 0}
    progress = Progress(args.paths, sys.stderr)
    units = (unit for path in args.paths for unit in read_units(path, lines=args.lines))
    results = check_stream(
        progress.advance(units),
        args.schema,
        args.mode,
        args.check_formats,
        jobs=args.jobs,
        revision=args.revision,
    )
    # The page is the default revision: its output names no revision.
    revision = resolve_revision(args.revision)
    against = args.mode if revision == DEFAULT_REVISION else f"{args.mode}, {revision}"
    for result in results:
        totals[result.verdict] += 1
        if args.format == "json":
            record: dict[str, Any] = {
                "source": result.source,
                "line": result.line,
                "schema": result.schema,
                "valid": result.verdict == "valid",
                "issues": [_issue_json(issue) for issue in result.issues],
            }
            if revision != DEFAULT_REVISION:
                record["revision"] = revision
            out.write(json.dumps(record) + "\n")
        elif result.issues or result.line is None:
            document = Document(result.source, result.line)
            _write_text(out, document, result.schema, against, result.verdict, result.issues)
    progress.close()
    if args.format == "text":
        checked = sum(totals.values())
        out.write(
            f"{_count(checked, 'document')} checked: {totals['valid']} valid,"
            f" {totals['invalid']} invalid, {totals['unreadable']} unreadable\n"
        )
    if totals["unreadable"]:
        return EXIT_USAGE
    return EXIT_INVALID if totals["invalid"] else EXIT_VALID


def _write_text(
    out: IO[str],
    document: Document,
    schema: str | None,
    mode: str,
    verdict: str,
    issues: Sequence[Issue],
) -> None:
    errors = sum(issue.severity == "error" for issue in issues)
    warnings = len(issues) - errors
    against = f" ({schema}, {mode})" if schema else ""
    tally = f": {_count(errors, 'error')}, {_count(warnings, 'warning')}" if issues else ""
    out.write(f"{document.where}: {verdict}{against}{tally}\n")
    for issue in issues:
        out.write(f"  {issue.severity:<7} {issue}\n")


def _check_params_command(args: argparse.Namespace, out: IO[str]) -> int:
    if args.model_type is not None and args.model_type not in DEFAULT_POLICY.families:
        known = ", ".join(sorted(DEFAULT_POLICY.families))
        sys.stderr.write(
            f"scenario-schema check-params: unknown model type {args.model_type!r}\n"
            f"known model types: {known}\n"
        )
        return EXIT_USAGE
    worst = EXIT_VALID
    for document in read_documents(args.path, lines=False):
        if document.problem is not None:
            _write_text(out, document, None, "", "unreadable", (document.problem,))
            return EXIT_USAGE
        if args.model_type is None:
            report = check_model_training(
                document.payload, training_images=args.training_images, strict=args.strict
            )
        else:
            report = check_training_parameters(
                document.payload,
                args.model_type,
                training_images=args.training_images,
                strict=args.strict,
            )
        if args.format == "json":
            out.write(json.dumps(_training_json(document, report)) + "\n")
        else:
            _write_training_text(out, document, report)
        if not report.ok:
            worst = EXIT_INVALID
    return worst


def _shown(name: str, report: TrainingReport) -> Any:
    setting = report.effective[name]
    return "<redacted>" if setting.secret and setting.value is not None else setting.value


def _training_json(document: Document, report: TrainingReport) -> dict[str, Any]:
    return {
        "source": document.source,
        "modelType": report.model_type,
        "family": report.family,
        "valid": report.ok,
        "issues": [_issue_json(issue) for issue in report.issues],
        "effective": {
            name: {"value": _shown(name, report), "source": s.source, "note": s.note}
            for name, s in report.effective.items()
        },
    }


def _write_training_text(out: IO[str], document: Document, report: TrainingReport) -> None:
    trainer = DEFAULT_POLICY.trainers[report.family].name if report.family else "not trainable"
    verdict = "ready to train" if report.ok else "not ready"
    tally = sum(issue.severity == "error" for issue in report.issues)
    warnings = len(report.issues) - tally
    out.write(
        f"{document.where}: {verdict} ({report.model_type}, {trainer}):"
        f" {_count(tally, 'error')}, {_count(warnings, 'warning')}\n"
    )
    for issue in report.issues:
        out.write(f"  {issue.severity:<7} {issue}\n")
    if not report.effective:
        return
    rows = [
        (name, _cell(_shown(name, report)), s.source, s.note)
        for name, s in report.effective.items()
    ]
    widths = [
        max(len(row[i]) for row in [("parameter", "value", "source", ""), *rows]) for i in range(3)
    ]
    out.write("effective parameters:\n")
    out.write(
        f"  {'parameter':<{widths[0]}}  {'value':<{widths[1]}}  {'source':<{widths[2]}}  note\n"
    )
    for name, value, source, note in rows:
        out.write(
            f"  {name:<{widths[0]}}  {value:<{widths[1]}}  {source:<{widths[2]}}  {note}".rstrip()
            + "\n"
        )


def _drift_command(args: argparse.Namespace, out: IO[str]) -> int:
    fail_on = set(DEFAULT_FAIL_ON) if args.fail_on is None else set(args.fail_on.split(","))
    unknown = fail_on - set(FINDING_KINDS)
    if unknown:
        sys.stderr.write(
            f"scenario-schema drift: unknown finding kind(s) {', '.join(sorted(unknown))};"
            f" known: {', '.join(FINDING_KINDS)}\n"
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
    if args.format == "json":
        record = report.to_json()
        record["inputErrors"] = problems
        out.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    else:
        _write_drift_text(out, report, problems)
    if problems:
        return EXIT_USAGE
    return EXIT_INVALID if report.kinds() & fail_on else EXIT_VALID


def _describe_finding(finding: Finding) -> str:
    if finding.kind == "bound":
        codes = ", ".join(sorted(finding.codes))
        unit = "length " if "maxLength" in finding.codes else ""
        if finding.minimum is None:
            return codes
        low, high = _cell(finding.minimum), _cell(finding.maximum)
        return f"{codes}; observed {unit}{low} to {high}"
    if finding.values:
        ranked = sorted(finding.values.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{value} x{count}" for value, count in ranked[:5]) + (
            ", ..." if len(ranked) > 5 else ""
        )
    return ""


def _write_drift_text(out: IO[str], report: DriftReport, problems: list[str]) -> None:
    schemas = ", ".join(f"{name}: {count}" for name, count in sorted(report.schemas.items()))
    out.write(f"drift over {_count(report.documents, 'document')} ({schemas or 'none'})\n")
    if not report.findings:
        out.write("no finding: every document matches the contract\n")
    counts = [_count(f.documents, "doc") for f in report.findings]
    width = max((len(count) for count in counts), default=1)
    for finding, count in zip(report.findings, counts, strict=True):
        detail = "; ".join(
            part for part in (_describe_finding(finding), _known_in_words(finding.known_in)) if part
        )
        out.write(
            f"  {count:>{width}}  {finding.kind:<13}  {finding.pattern}"
            + (f"  ({detail})" if detail else "")
            + "\n"
        )
        out.write(f"  {'':>{width}}  e.g. {', '.join(finding.examples)}\n")
    never = report.never_sent()
    if never:
        out.write(f"documented fields never sent ({len(never)}): {', '.join(never)}\n")
    if report.dropped:
        out.write(f"{report.dropped} findings not tracked (more than the limit)\n")
    suggested = report.suggested_revision()
    if suggested is not None:
        explained = report.explained_by()[suggested]
        out.write(
            f"{explained} of {_count(len(report.findings), 'finding')} documented in"
            f" {suggested}: try --revision {suggested}\n"
        )
    for problem in problems:
        out.write(f"input error: {problem}\n")


def _known_in_words(revisions: Sequence[str]) -> str:
    return f"documented in {', '.join(revisions)}" if revisions else ""


def _diff_command(args: argparse.Namespace, out: IO[str]) -> int:
    fail_on = set() if args.fail_on is None else set(args.fail_on.split(","))
    unknown = fail_on - set(PARTIES)
    if unknown:
        sys.stderr.write(
            f"scenario-schema diff: unknown party {', '.join(sorted(unknown))};"
            f" known: {', '.join(PARTIES)}\n"
        )
        return EXIT_USAGE
    found = diff(args.from_revision, args.to_revision)
    if args.format == "json":
        out.write(json.dumps(found.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        _write_diff_text(out, found)
    broken = {party for change in found.changes for party in change.breaks}
    return EXIT_INVALID if broken & fail_on else EXIT_VALID


def _write_diff_text(out: IO[str], found: Diff) -> None:
    tallies = ", ".join(f"{len(found.breaking(party))} break {party}s" for party in PARTIES)
    out.write(
        f"{found.from_revision} -> {found.to_revision}:"
        f" {_count(len(found.changes), 'change')} ({tallies})\n"
    )
    schema = None
    rows = [(c.kind, ",".join(c.breaks) or "-", c.path) for c in found.changes]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for change, (kind, breaks, path) in zip(found.changes, rows, strict=True):
        if change.schema != schema:
            schema = change.schema
            out.write(f"{schema}:\n")
        out.write(
            f"  {kind:<{widths[0]}}  {breaks:<{widths[1]}}  {path:<{widths[2]}}"
            f"  {change.description}\n"
        )


def _cell(value: Any) -> str:
    """A table cell: JSON, shortened to one readable column."""
    if value is None:
        return "-"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 3] + "..."


_CELL_WIDTH = 32


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        msg = f"must be at least 1, not {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenario-schema",
        description="Check Scenario API documents against the scenario-schema contract.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="validate JSON or JSON Lines documents",
        description="Validate documents; every issue is printed with its JSON Pointer.",
    )
    check.add_argument(
        "--schema",
        choices=("auto", *SCHEMAS),
        default="auto",
        help="what the documents are (default: auto, from their shape)",
    )
    check.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="strict: every documented constraint is an error; lenient: undocumented"
        " enum values are warnings (default: strict)",
    )
    _revision_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--check-formats", action="store_true", help="also check ISO 8601 date-time strings"
    )
    check.add_argument(
        "--lines",
        action="store_true",
        help="read every input as JSON Lines (.jsonl and .ndjson files always are)",
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="validate in N processes; the output keeps the input order (default: 1)",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a file, or - for stdin")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a document",
        description="Print a JSON Schema (Draft 2020-12) generated from the contract's classes.",
    )
    schema.add_argument(
        "name", nargs="?", choices=tuple(SCHEMAS), metavar="NAME", help=", ".join(SCHEMAS)
    )
    schema.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="lenient: enum fields also accept undocumented values of the same type",
    )
    _revision_option(schema)
    params = commands.add_parser(
        "check-params",
        help="check training parameters against the trainer of a model type",
        description="Check training parameters before submitting a job: the trainer's"
        " bounds, the parameters it takes, its defaults and the rules between fields."
        " Without --model-type, PATH holds a Model (or train/action response) checked"
        " against its own type.",
    )
    params.add_argument("--model-type", metavar="TYPE", help="the model type, e.g. flux.1-lora")
    params.add_argument(
        "--training-images", type=int, metavar="N", help="number of training images (for defaults)"
    )
    params.add_argument(
        "--strict", action="store_true", help="not-applicable and integer issues are errors"
    )
    params.add_argument("--format", choices=("text", "json"), default="text")
    params.add_argument("path", metavar="PATH", help="a JSON file, or - for stdin")

    drift = commands.add_parser(
        "drift",
        help="report where a stream of documents departs from the contract",
        description="Read documents (JSON, JSON Lines, stdin) and report, per path pattern,"
        " undocumented fields, undocumented enum values, missing required fields and broken"
        " bounds, most widespread first. Exit 0: no finding; 1: findings (of the --fail-on"
        " kinds); 2: usage or input error.",
    )
    drift.add_argument("--schema", choices=("auto", *SCHEMAS), default="auto")
    _revision_option(drift)
    drift.add_argument("--format", choices=("text", "json"), default="text")
    drift.add_argument(
        "--fail-on",
        metavar="KINDS",
        help="comma-separated finding kinds that make the exit status 1, of"
        f" {','.join(FINDING_KINDS)} (default: the drift kinds, {','.join(DEFAULT_FAIL_ON)})",
    )
    drift.add_argument("--lines", action="store_true", help="read every input as JSON Lines")
    drift.add_argument("paths", nargs="+", metavar="PATH", help="a file, or - for stdin")

    schema.add_argument(
        "--write",
        metavar="DIR",
        help="write every schema, strict and lenient, of every revision into DIR"
        " (what `make schemas` runs)",
    )

    changes = commands.add_parser(
        "diff",
        help="list what changed between two contract revisions, and whom it breaks",
        description="List every change from revision FROM to revision TO (fields, enum"
        " values, bounds, requirements, types), each with the parties it breaks: consumer"
        " (code pinned to FROM rejects some valid TO document) or producer (some valid FROM"
        " document is invalid under TO). Exit 0: nothing breaks the --fail-on parties;"
        " 1: something does; 2: usage error.",
    )
    changes.add_argument("from_revision", choices=_REVISION_CHOICES, metavar="FROM")
    changes.add_argument("to_revision", choices=_REVISION_CHOICES, metavar="TO")
    changes.add_argument("--format", choices=("text", "json"), default="text")
    changes.add_argument(
        "--fail-on",
        metavar="PARTIES",
        help="exit 1 when a change breaks one of these: consumer, producer or"
        " consumer,producer (default: never)",
    )
    return parser


_REVISION_CHOICES = (*REVISIONS, "latest")


def _revision_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default=DEFAULT_REVISION,
        help="the contract revision: page (the reference page, default), sdk-2.4"
        " (the API as of SDK 2.4.0), or latest",
    )


def _schema_command(args: argparse.Namespace, out: IO[str]) -> int:
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for revision in REVISIONS:
            for name in SCHEMAS:
                for mode in MODES:
                    target = folder / schema_file_name(name, mode, revision)
                    text = schema_text(name, mode=mode, revision=cast("Revision", revision))
                    target.write_text(text, encoding="utf-8")
                    out.write(f"wrote {target}\n")
        return EXIT_VALID
    if args.name is None:
        sys.stderr.write("scenario-schema schema: give a NAME or --write DIR\n")
        return EXIT_USAGE
    out.write(schema_text(args.name, mode=args.mode, revision=args.revision))
    return EXIT_VALID


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage message
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    commands = {
        "validate": _validate_command,
        "schema": _schema_command,
        "check-params": _check_params_command,
        "drift": _drift_command,
        "diff": _diff_command,
    }
    command = commands[args.command]
    try:
        return command(args, sys.stdout)
    except BrokenPipeError:  # `scenario-schema ... | head`
        return EXIT_VALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
