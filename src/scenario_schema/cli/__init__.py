"""The ``scenario-schema`` command: check JSON documents against the contract.

``main`` takes its arguments and returns the exit status, so tests call it in
process. The statuses, the same in every subcommand:

- 0: every document valid (warnings allowed);
- 1: a document invalid (one nested deeper than the depth limit included);
- 2: a usage error, an unreadable input or line, an input with no document;
- 130: interrupted (Ctrl-C); 141: the output was closed before the end (``| head``).

``stub`` serves until stopped: Ctrl-C is its normal end, status 0 (SIGTERM: 143).

The command never prints a traceback: an unexpected error is one line on stderr
and status 2 (set ``SCENARIO_SCHEMA_DEBUG=1`` to see the traceback). Every line
it prints is one line: control characters and text the output cannot encode
are escaped, and lines are cut at :data:`LINE_LIMIT` characters.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii as _json_string
from pathlib import Path
from typing import IO, Any

import attrs

from .._diff import PARTIES, Diff, diff
from .._drift import DEFAULT_FAIL_ON, FINDING_KINDS, DriftCollector, DriftReport, Finding
from .._engine import generated_sources
from .._json_schema import SCHEMA_REVISIONS, schema_file_name, schema_text
from .._json_text import decode_json
from .._options import MAX_DEPTH, MODES
from .._report import Issue, shortened
from .._revisions import LATEST, REVISIONS, resolve_revision
from .._typos import did_you_mean
from .._version import __version__
from ..models import SCHEMAS
from ..training import (
    DEFAULT_POLICY,
    NoModelTypeError,
    TrainingReport,
    check_model_training,
    check_training_parameters,
    resolve_model_type,
    training_image_count,
)
from ._batch import (
    Document,
    Progress,
    Result,
    Settings,
    Totals,
    check_inputs,
    depth_issue,
    read_documents,
)

__all__ = ["main"]

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command stopped by Ctrl-C."""
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: the reader went away, so the run did not finish; never 0."""

PROG = "scenario-schema"
DEBUG_VARIABLE = "SCENARIO_SCHEMA_DEBUG"
LINE_LIMIT = 500
"""Longest line printed for a document or an issue, in characters."""

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Control, line-separator and bidirectional-override characters, and lone surrogates."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` as one printable line: unsafe characters escaped, cut at ``limit``."""
    line = _UNSAFE.sub(_escape, text)
    if len(line) <= limit:
        return line
    return f"{line[:limit]}... ({len(line)} characters)"


def _emit(out: IO[str], text: str) -> None:
    """Write one line of text output, escaped so that any stream encoding takes it."""
    out.write(_line_for(text, getattr(out, "encoding", None) or "utf-8") + "\n")


def _line_for(text: str, encoding: str) -> str:
    """``text`` as one line that a stream of ``encoding`` takes (see :func:`_emit`)."""
    line = _one_line(text)
    if encoding.lower().replace("-", "") != "utf8":
        line = line.encode(encoding, "backslashreplace").decode(encoding)
    return line


def _emit_json(out: IO[str], record: Any, *, indent: int | None = None) -> None:
    """Write JSON output: ASCII only, so every character (a lone surrogate too) is escaped."""
    out.write(json.dumps(record, indent=indent, ensure_ascii=True) + "\n")


def _complain(command: str, message: str) -> None:
    """One line on stderr, for the run rather than for a document."""
    prefix = f"{PROG} {command}" if command else PROG
    sys.stderr.write(_one_line(f"{prefix}: {message}") + "\n")


def _issue_json(issue: Issue) -> dict[str, str]:
    return issue.to_json()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


_NO_DOCUMENTS = "no documents: the input holds no JSON document"


def _validate_command(args: argparse.Namespace, out: IO[str]) -> int:
    totals = Totals()
    progress = Progress(args.paths, sys.stderr)
    # The default revision (latest) is not named in the output; a revision given is.
    revision = resolve_revision(args.revision)
    named = revision if args.revision_given else None
    render = _ValidateOutput(
        json_format=args.format == "json",
        against=args.mode if named is None else f"{args.mode}, {revision}",
        revision=named,
        encoding=getattr(out, "encoding", None) or "utf-8",
        show_warnings=args.show_warnings,
        quiet=args.quiet,
    )
    settings = Settings(
        args.schema,
        args.mode,
        args.check_formats,
        args.revision,
        render,
        forbid_unknown=args.forbid_unknown,
    )
    chunks = check_inputs(args.paths, settings, lines=args.lines, jobs=args.jobs)
    with contextlib.closing(chunks), contextlib.closing(progress):
        for chunk in chunks:
            if chunk.texts:
                progress.clear()
            for text in chunk.texts:  # a write per document: a closed pipe shows soon
                out.write(text)
            totals += chunk.totals
            progress.count(chunk.size, chunk.totals.checked)
    if not totals.checked:
        _complain("validate", _NO_DOCUMENTS)
    elif args.format == "text" and not args.quiet:
        _emit(
            out,
            f"{_count(totals.checked, 'document')} checked: {totals.valid} valid,"
            f" {totals.invalid} invalid, {totals.unreadable} unreadable"
            + (f", {totals.unrecognised} unrecognised" if totals.unrecognised else ""),
        )
    return totals.status


_FAST_PATH_CHARS = 64
"""Paths up to this long print as they are in ``str(issue)`` (which cuts only longer ones)."""


@attrs.frozen
class _ValidateOutput:
    """What ``validate`` prints for one result: the text of its lines, or its JSON record.

    A picklable value, so that worker processes render their own results and only text
    crosses back to the parent. It writes what :func:`_emit` and :func:`_emit_json`
    would, faster: the JSON record is put together from JSON strings, and a line of
    short printable ASCII (the common case) is taken as it is, without :func:`_one_line`
    and the encoding's escapes (which would leave it unchanged).
    ``tests/test_cli.py`` proves the output equal to theirs.
    """

    json_format: bool
    against: str
    revision: str | None
    encoding: str
    show_warnings: bool = False
    quiet: bool = False

    def __call__(self, result: Result) -> str:
        """The output for ``result`` ("" for a JSON Lines document without issues, in text)."""
        return self._json(result) if self.json_format else self._text(result)

    def _json(self, result: Result) -> str:
        # The record json.dumps(record, ensure_ascii=True) writes, with its separators.
        issues = ", ".join(
            [
                f'{{"path": {_json_string(issue.path)}, "code": {_json_string(issue.code)},'
                f' "message": {_json_string(issue.message)},'
                f' "severity": {_json_string(issue.severity)}}}'
                for issue in result.issues
            ]
        )
        line = "null" if result.line is None else int(result.line)
        schema = "null" if result.schema is None else _json_string(result.schema)
        valid = "true" if result.verdict == "valid" else "false"
        revision = "" if self.revision is None else f', "revision": {_json_string(self.revision)}'
        return (
            f'{{"source": {_json_string(result.source)}, "line": {line}, "schema": {schema},'
            f' "valid": {valid}, "issues": [{issues}]{revision}}}\n'
        )

    def _text(self, result: Result) -> str:
        issues = result.issues
        errors = 0
        for issue in issues:
            if issue.severity == "error":
                errors += 1
        if self.quiet and not errors:
            return ""
        if not issues and result.line is not None:
            return ""
        where = result.source if result.line is None else f"{result.source}:{result.line}"
        against = f" ({result.schema}, {self.against})" if result.schema else ""
        listed = issues if self.show_warnings and not self.quiet else None
        tally = ""
        if issues and self.quiet:
            tally = f": {_count(errors, 'error')}"
            listed = tuple(issue for issue in issues if issue.severity == "error")
        elif issues:
            warnings = len(issues) - errors
            tally = f": {_count(errors, 'error')}, {_count(warnings, 'warning')}"
            if warnings and listed is None:
                tally += f" ({warning_tally(issues)}{_SHOW_WARNINGS})"
                listed = tuple(issue for issue in issues if issue.severity == "error")
            elif listed is None:
                listed = issues
        lines = [self._line(f"{where}: {result.verdict}{against}{tally}")]
        plain, padded = _PLAIN, _PADDED_SEVERITY
        for issue in listed or ():
            path, message, code = issue.path, issue.message, issue.code
            # What str(issue) gives when every part is printable ASCII and the path is short.
            prefix = padded.get(issue.severity)
            if (
                prefix is not None
                and 0 < len(path) <= _FAST_PATH_CHARS
                and path.isascii()
                and path.isprintable()
                and (message in plain or _learn_plain(message))
                and (code in plain or _learn_plain(code))
            ):
                line = f"{prefix}{path}: {message} [{code}]"
                if len(line) <= LINE_LIMIT:
                    lines.append(line)
                    continue
            lines.append(self._line(f"  {issue.severity:<7} {issue}"))
        lines.append("")
        return "\n".join(lines)

    def _line(self, text: str) -> str:
        if len(text) <= LINE_LIMIT and text.isascii() and text.isprintable():
            return text
        return _line_for(text, self.encoding)


_SHOW_WARNINGS = "; --show-warnings to list"


def warning_tally(issues: Sequence[Issue]) -> str:
    """The warnings among issues counted by code, most first: ``15 not-applicable, 1 conflict``.

    What a document's status line says of its warnings when they are not listed (every
    command that prints issues as text can use it).
    """
    counts: dict[str, int] = {}
    for issue in issues:
        if issue.severity == "warning":
            counts[issue.code] = counts.get(issue.code, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{count} {code}" for code, count in ranked)


_PADDED_SEVERITY = {"error": "  error   ", "warning": "  warning "}
"""An issue line's start: ``f"  {severity:<7} "``."""

_PLAIN: set[str] = set()
"""Messages and codes known to be printable ASCII: most come back in every document."""


def _learn_plain(text: str) -> bool:
    if not (text.isascii() and text.isprintable()):
        return False
    if len(_PLAIN) >= 4096:
        _PLAIN.clear()
    _PLAIN.add(text)
    return True


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
    _emit(out, f"{document.where}: {verdict}{against}{tally}")
    for issue in issues:
        _emit(out, f"  {issue.severity:<7} {issue}")


def _check_params_command(args: argparse.Namespace, out: IO[str]) -> int:
    if args.model_type is not None:
        try:
            resolve_model_type(args.model_type, DEFAULT_POLICY, resolve_revision(args.revision))
        except ValueError as error:
            _complain("check-params", str(error))
            return EXIT_USAGE
    if args.training_images is not None:
        try:
            training_image_count(args.training_images, "--training-images")
        except ValueError as error:
            _complain("check-params", str(error))
            return EXIT_USAGE
    worst = EXIT_VALID
    checked = 0
    for document in read_documents(args.path, lines=False):
        checked += 1
        if document.problem is not None:
            if args.format == "json":
                _emit_json(out, _unreadable_training_json(document))
            else:
                _write_text(out, document, None, "", "unreadable", (document.problem,))
            return EXIT_USAGE
        try:
            report = _preflight(args, document.payload)
        except NoModelTypeError as error:
            hint = f"; {did_you_mean('type')}" if str(error).endswith(did_you_mean("type")) else ""
            _complain("check-params", f"{document.where}: {_NO_MODEL_TYPE}{hint}")
            return EXIT_USAGE
        report = _with_depth(report, document.payload)
        if args.format == "json":
            _emit_json(out, _training_json(document, report, named=args.revision_given))
        else:
            _write_training_text(out, document, report, _TextOptions.of(args))
        if not report.ok:
            worst = EXIT_INVALID
    if not checked:
        _complain("check-params", _NO_DOCUMENTS)
        return EXIT_USAGE
    return worst


_NO_MODEL_TYPE = (
    "the document names no model type: pass --model-type TYPE"
    " (only a Model, or a train/action response, carries its own)"
)


def _preflight(args: argparse.Namespace, payload: Any) -> TrainingReport:
    """The preflight of one document: against ``--model-type``, or the Model's own type.

    Raises:
        NoModelTypeError: without ``--model-type``, for a document that names no type.
    """
    if args.model_type is None:
        return check_model_training(
            payload,
            training_images=args.training_images,
            strict=args.strict,
            forbid_unknown=args.forbid_unknown,
            revision=args.revision,
        )
    return check_training_parameters(
        payload,
        args.model_type,
        training_images=args.training_images,
        strict=args.strict,
        forbid_unknown=args.forbid_unknown,
        revision=args.revision,
    )


def _with_depth(report: TrainingReport, payload: Any) -> TrainingReport:
    """The report, plus a ``depth`` error when the document nests too deep anywhere.

    The preflight reads only part of a document; a document too deep is invalid
    whichever command reads it.
    """
    issue = depth_issue(payload)
    if issue is None or any(i.code == "depth" for i in report.issues):
        return report
    return attrs.evolve(report, issues=(*report.issues, issue))


def _shown(name: str, report: TrainingReport) -> Any:
    setting = report.effective[name]
    return "<redacted>" if setting.secret and setting.value is not None else setting.value


def _training_json(
    document: Document, report: TrainingReport, *, named: bool = False
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": document.source,
        "modelType": report.model_type,
        "family": report.family,
        "valid": report.ok,
        "issues": [_issue_json(issue) for issue in report.issues],
        "effective": {name: _setting_json(name, report) for name in report.effective},
    }
    if named:  # a revision given is named, as validate names it; the default is not
        record["revision"] = report.revision
    return record


def _setting_json(name: str, report: TrainingReport) -> dict[str, Any]:
    setting = report.effective[name]
    record = {"value": _shown(name, report), "source": setting.source, "note": setting.note}
    if setting.typos:  # only then: the record of an ordinary parameter keeps its three keys
        record["typos"] = list(setting.typos)
    return record


def _unreadable_training_json(document: Document) -> dict[str, Any]:
    assert document.problem is not None
    return {
        "source": document.source,
        "modelType": None,
        "family": None,
        "valid": False,
        "issues": [_issue_json(document.problem)],
        "effective": {},
    }


@attrs.frozen
class _TextOptions:
    """How much of a preflight the text output shows."""

    quiet: bool = False
    show_warnings: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace) -> _TextOptions:
        return cls(quiet=args.quiet, show_warnings=args.show_warnings)


def _write_training_text(
    out: IO[str],
    document: Document,
    report: TrainingReport,
    options: _TextOptions,
) -> None:
    """The verdict line, the errors (and warnings on request), the effective parameters.

    Warnings are counted by code on the verdict line and listed only with
    ``--show-warnings``; ``--quiet`` prints a document only when it is not ready, and
    then only its verdict and errors.
    """
    if options.quiet and report.ok:
        return
    trainer = DEFAULT_POLICY.trainers[report.family].name if report.family else "not trainable"
    verdict = "ready to train" if report.ok else "not ready"
    errors = [issue for issue in report.issues if issue.severity == "error"]
    warnings = [issue for issue in report.issues if issue.severity != "error"]
    shown_warnings = options.show_warnings and not options.quiet
    tally = _tally(len(errors), warnings, listed=shown_warnings)
    _emit(out, f"{document.where}: {verdict} ({report.model_type}, {trainer}): {tally}")
    for issue in report.issues if shown_warnings else errors:
        _emit(out, f"  {issue.severity:<7} {issue}")
    if report.effective and not options.quiet:
        _write_effective(out, report)


def _tally(errors: int, warnings: Sequence[Issue], *, listed: bool) -> str:
    """``1 error, 2 warnings (1 deprecated, 1 not-applicable; --show-warnings to list)``.

    A local helper: ``validate``'s summary line follows the same rule (issue 20).
    """
    text = f"{_count(errors, 'error')}, {_count(len(warnings), 'warning')}"
    if not warnings or listed:
        return text
    codes: dict[str, int] = {}
    for issue in warnings:
        codes[issue.code] = codes.get(issue.code, 0) + 1
    by_code = ", ".join(f"{count} {code}" for code, count in sorted(codes.items()))
    return f"{text} ({by_code}; --show-warnings to list)"


def _write_effective(out: IO[str], report: TrainingReport) -> None:
    """The effective parameters: name, value, source, and a note (a likely typo marked)."""
    rows = [
        (name, _cell(_shown(name, report)), s.source, _note(s.note, s.typos))
        for name, s in report.effective.items()
    ]
    widths = [
        max(len(row[i]) for row in [("parameter", "value", "source", ""), *rows]) for i in range(3)
    ]
    _emit(out, "effective parameters:")
    _emit(
        out, f"  {'parameter':<{widths[0]}}  {'value':<{widths[1]}}  {'source':<{widths[2]}}  note"
    )
    for name, value, source, note in rows:
        _emit(
            out,
            f"  {name:<{widths[0]}}  {value:<{widths[1]}}  {source:<{widths[2]}}  {note}".rstrip(),
        )


def _note(note: str, typos: Sequence[str]) -> str:
    """A setting's note, led by the likely typos of it that the trainer does not read."""
    if not typos:
        return note
    keys = ", ".join(repr(key) for key in typos)
    marked = f"{keys} given: likely a typo of this (not read)"
    return f"{marked}; {note}" if note else marked


def _drift_command(args: argparse.Namespace, out: IO[str]) -> int:
    fail_on = set(DEFAULT_FAIL_ON) if args.fail_on is None else set(args.fail_on.split(","))
    unknown = fail_on - set(FINDING_KINDS)
    if unknown:
        _complain(
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
            f"{_count(report.unrecognised_count, 'document')} of no shape --schema auto"
            f" knows (e.g. {', '.join(report.unrecognised)}): name one with --schema"
        )
    if args.format == "json":
        record = report.to_json()
        record["inputErrors"] = problems
        _emit_json(out, record, indent=2)
    else:
        _write_drift_text(
            out, report, problems, fail_on, show_warnings=args.show_warnings, quiet=args.quiet
        )
    if problems:
        return EXIT_USAGE
    if not report.documents:
        _complain("drift", _NO_DOCUMENTS)
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
        _emit(out, f"drift over {_count(report.documents, 'document')} ({schemas or 'none'})")
        if not report.findings:
            _emit(out, "no finding: every document matches the contract")
    counts = [_count(f.documents, "doc") for f in listed]
    width = max((len(count) for count in counts), default=1)
    for finding, count in zip(listed, counts, strict=True):
        typo = did_you_mean(finding.did_you_mean) if finding.did_you_mean else ""
        detail = "; ".join(
            part for part in (_describe_finding(finding), _known_words(finding), typo) if part
        )
        _emit(
            out,
            f"  {count:>{width}}  {finding.kind:<13}  {finding.pattern}"
            + (f"  ({detail})" if detail else ""),
        )
        _emit(out, f"  {'':>{width}}  e.g. {', '.join(finding.examples)}")
    if not quiet:
        _write_drift_summary(out, report, others if len(listed) < len(report.findings) else [])
    for problem in problems:
        _emit(out, f"input error: {problem}")


def _write_drift_summary(out: IO[str], report: DriftReport, unlisted: list[Finding]) -> None:
    """The lines after the findings: those not listed, fields never sent, the revision advice."""
    if unlisted:
        tally: dict[str, int] = {}
        for finding in unlisted:
            tally[finding.kind] = tally.get(finding.kind, 0) + 1
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(tally.items(), key=lambda i: -i[1]))
        _emit(
            out,
            f"{_count(len(unlisted), 'other finding')}, not of the --fail-on kinds"
            f" ({kinds}{_SHOW_WARNINGS})",
        )
    never = report.never_sent()
    if never:
        _emit(out, f"documented fields never sent ({len(never)}): {shortened(never, 20)}")
    if report.dropped:
        _emit(out, f"{report.dropped} findings not tracked (more than the limit)")
    for line in drift_advice(report):
        _emit(out, line)


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


def _diff_command(args: argparse.Namespace, out: IO[str]) -> int:
    fail_on = set() if args.fail_on is None else set(args.fail_on.split(","))
    unknown = fail_on - set(PARTIES)
    if unknown:
        _complain(
            "diff", f"unknown party {', '.join(sorted(unknown))}; known: {', '.join(PARTIES)}"
        )
        return EXIT_USAGE
    found = diff(args.from_revision, args.to_revision)
    if args.format == "json":
        _emit_json(out, found.to_json(), indent=2)
    else:
        _write_diff_text(out, found)
    broken = {party for change in found.changes for party in change.breaks}
    return EXIT_INVALID if broken & fail_on else EXIT_VALID


def _write_diff_text(out: IO[str], found: Diff) -> None:
    tallies = ", ".join(f"{len(found.breaking(party))} break {party}s" for party in PARTIES)
    _emit(
        out,
        f"{found.from_revision} -> {found.to_revision}:"
        f" {_count(len(found.changes), 'change')} ({tallies})",
    )
    schema = None
    rows = [(c.kind, ",".join(c.breaks) or "-", c.path) for c in found.changes]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for change, (kind, breaks, path) in zip(found.changes, rows, strict=True):
        if change.schema != schema:
            schema = change.schema
            _emit(out, f"{schema}:")
        _emit(
            out,
            f"  {kind:<{widths[0]}}  {breaks:<{widths[1]}}  {path:<{widths[2]}}"
            f"  {change.description}",
        )


def _cell(value: Any) -> str:
    """A table cell: JSON, shortened to one readable column."""
    if value is None:
        return "-"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 3] + "..."


_CELL_WIDTH = 32


def _schema_command(args: argparse.Namespace, out: IO[str]) -> int:
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for revision in SCHEMA_REVISIONS:
            for name in SCHEMAS:
                for mode in MODES:
                    target = folder / schema_file_name(name, mode, revision)
                    text = schema_text(name, mode=mode, revision=revision)
                    target.write_text(text, encoding="utf-8")
                    _emit(out, f"wrote {target}")
        return EXIT_VALID
    if args.name is None:
        _complain("schema", "give a NAME or --write DIR")
        return EXIT_USAGE
    out.write(
        schema_text(
            args.name, mode=args.mode, revision=args.revision, forbid_unknown=args.forbid_unknown
        )
    )
    return EXIT_VALID


def _codegen_command(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the generated source that validate (check), load or dump runs for a schema."""
    cls = SCHEMAS[args.name]
    modules = generated_sources(
        cls, args.kind, args.mode, check_formats=args.check_formats, revision=args.revision
    )
    for filename, source in modules:
        out.write(f"# {filename}\n{source}\n")
    return EXIT_VALID


def _openapi_command(args: argparse.Namespace, out: IO[str]) -> int:
    from .._openapi import openapi

    _emit_json(out, openapi(revision=args.revision), indent=2)
    return EXIT_VALID


STUB_EXTRA = "pip install 'scenario-schema[stub]'"


def _stub_command(args: argparse.Namespace, out: IO[str]) -> int:
    """Serve the stub until Ctrl-C; the server code lives in ``scenario_schema.stub``."""
    try:
        import uvicorn  # noqa: F401 - only to say which extra is missing, before any work

        from ..stub import Stub, serve
    except ImportError as missing:
        _complain("stub", f"needs the stub extra ({missing.name or missing}): {STUB_EXTRA}")
        return EXIT_USAGE
    models = None
    if args.models is not None:
        models = _model_lines(Path(args.models))
        if models is None:
            return EXIT_USAGE
    try:
        stub = Stub(
            models,
            seed=args.seed,
            revision=args.revision,
            faults=args.fault or (),
            count=args.count,
            polls_to_train=args.polls,
            seconds_to_train=args.seconds,
        )
    except ImportError:
        _complain("stub", f"generating models needs Hypothesis: {STUB_EXTRA}, or give --models")
        return EXIT_USAGE
    except ValueError as refused:  # ContractError included: a model that is not valid
        _complain("stub", _one_line(str(refused)))
        return EXIT_USAGE
    try:
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn shut down, then re-raised SIGINT
            serve(stub, host=args.host, port=args.port, err=sys.stderr)
    except OSError as refused:  # the address: in use, not local, not permitted
        reason = refused.strerror or str(refused)
        _complain("stub", f"cannot listen on {args.host}:{args.port}: {reason}")
        return EXIT_USAGE
    sys.stderr.write("stopped\n")
    return EXIT_VALID


def _model_lines(path: Path) -> list[Any] | None:
    """The Model documents of a JSON Lines file, or ``None`` (said on stderr) if one is not JSON."""
    models = []
    with path.open("rb") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            document, issue = decode_json(line, line=number)
            if issue is not None:
                _complain("stub", f"{path}:{number}: {issue.message}")
                return None
            models.append(document)
    return models


def _fault(text: str) -> Any:
    from ..stub import parse_fault

    try:
        return parse_fault(text)
    except ValueError as refused:
        raise argparse.ArgumentTypeError(str(refused)) from None


# --- the parser: every subcommand's help gives its output formats and exit statuses ----

_DEEP = f"nested deeper than {MAX_DEPTH} levels"
_RUN_STATUSES = (
    "  2    usage error, unreadable input or line, or no document at all\n"
    "  130  interrupted (Ctrl-C)\n"
    "  141  the output was closed before the end (e.g. `| head`): the run did not finish\n"
)
_FORMAT_MEANING = (
    "  in every command, --format json writes only JSON to stdout, escaped to ASCII;\n"
    "  messages about the run (usage, no documents, interrupts) go to stderr\n"
)


def _epilog(formats: str, statuses: str) -> str:
    return f"output:\n{formats}\nexit status:\n{statuses}{_RUN_STATUSES}"


_VALIDATE_EPILOG = _epilog(
    "  text  a status line per document with issues (and per whole file) that counts\n"
    "        its warnings by code, its errors one per line with their JSON Pointer\n"
    "        (--show-warnings: its warnings too), then a summary line; -q: only the\n"
    "        documents with errors and their errors, and no summary\n"
    "  json  JSON Lines: one object per document, in input order:\n"
    '        {"source", "line", "schema", "valid", "issues": [{"path", "code",\n'
    '        "message", "severity"}]}; no summary line\n' + _FORMAT_MEANING,
    "  0    every document valid (warnings allowed)\n"
    f"  1    a document invalid (one {_DEEP} included)\n",
)
_CHECK_PARAMS_EPILOG = _epilog(
    "  text  the verdict (warnings counted by code), the errors one per line (the\n"
    "        warnings too with --show-warnings), the table of effective parameters;\n"
    "        with --quiet, only documents not ready: their verdict and errors\n"
    "  json  JSON Lines: one object per document:\n"
    '        {"source", "modelType", "family", "valid", "issues", "effective"}\n' + _FORMAT_MEANING,
    "  0    ready to train (warnings allowed)\n"
    "  1    not ready: an error in the parameters, or a document\n"
    f"       {_DEEP} (invalid in every command)\n",
)
_DRIFT_EPILOG = _epilog(
    "  text  the findings of the --fail-on kinds, most widespread first, with examples\n"
    "        (--show-warnings: the others too; -q: nothing else), the findings per\n"
    "        revision and the one to try\n"
    "  json  one JSON document (indented over several lines): the report, findings\n"
    '        sorted by kind and pattern, plus "inputErrors"\n' + _FORMAT_MEANING,
    "  0    no finding of the --fail-on kinds\n"
    "  1    findings of the --fail-on kinds (a document\n"
    f"       {_DEEP} is a depth finding)\n",
)
_SCHEMA_EPILOG = _epilog(
    "  the JSON Schema as one JSON document (no --format: it is always JSON);\n"
    "  with --write, one line per file written\n",
    "  0    printed or written\n",
)
_CODEGEN_EPILOG = _epilog(
    "  Python source: each generated module, after a comment line that names it as\n"
    "  tracebacks do (# <scenario_schema generated N: ...>); check and load come with\n"
    "  the prose rules' function of every value of their deciding field\n",
    "  0    printed\n",
)
_DIFF_EPILOG = _epilog(
    "  text  a summary line, then each change: kind, parties it breaks, path pattern,\n"
    "        description, grouped by document\n"
    "  json  one JSON document (indented over several lines): the revisions and the\n"
    '        changes, each {"schema", "path", "kind", "description", "breaks"}\n' + _FORMAT_MEANING,
    "  0    nothing breaks the --fail-on parties (default: none)\n"
    "  1    a change breaks one of the --fail-on parties\n",
)
_MAIN_EPILOG = (
    "every COMMAND --help gives its output formats and exit statuses:\n"
    "0 valid, 1 invalid, 2 usage error / unreadable input / no documents,\n"
    "130 interrupted, 141 output closed early.\n"
    f"Set {DEBUG_VARIABLE}=1 to see a traceback instead of a one-line internal error."
)


def _whole_number(text: str, least: int | None = None) -> int:
    """An option's whole number (of at least ``least``); argparse names the option."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or (least is not None and value < least):
        wanted = "a whole number" if least is None else f"a whole number of at least {least}"
        msg = f"expected {wanted}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _positive(text: str) -> int:
    """A whole number from 1 (``--jobs``)."""
    return _whole_number(text, 1)


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for programs (see output below; default: text)",
    )


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Check Scenario API documents against the scenario-schema contract.",
        epilog=_MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="validate JSON or JSON Lines documents",
        description="Validate documents; every issue is printed with its JSON Pointer.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=raw,
    )
    check.add_argument(
        "--schema",
        choices=("auto", *SCHEMAS),
        default="auto",
        help="what the documents are (default: auto: from their keys, a Model, a"
        " train/action response, a train/action body or training parameters; a document"
        " that fits none or several is a usage error, status 2)",
    )
    check.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="strict: every documented constraint is an error; lenient: undocumented"
        " enum values are warnings (default: strict)",
    )
    _revision_option(check)
    _forbid_unknown_option(check, "every undocumented field is an error (unknown-field)")
    _output_options(check)
    _add_format(check)
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
        epilog=_SCHEMA_EPILOG,
        formatter_class=raw,
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
    _forbid_unknown_option(
        schema, "a closed schema: undocumented properties are not allowed (additionalProperties)"
    )
    schema.add_argument(
        "--write",
        metavar="DIR",
        help="write every schema, strict and lenient, of every revision into DIR"
        " (what `make schemas` runs)",
    )
    params = commands.add_parser(
        "check-params",
        help="check training parameters against the trainer of a model type",
        description="Check training parameters before submitting a job: the trainer's"
        " bounds, the parameters it takes, its defaults and the rules between fields."
        " Without --model-type, PATH holds a Model (or train/action response) checked"
        " against its own type; any other document without --model-type is a usage error.",
        epilog=_CHECK_PARAMS_EPILOG,
        formatter_class=raw,
    )
    params.add_argument("--model-type", metavar="TYPE", help="the model type, e.g. flux.1-lora")
    params.add_argument(
        "--training-images",
        type=_whole_number,  # its range is checked with the document's (training_image_count)
        metavar="N",
        help="number of training images (for defaults), a whole number from 0",
    )
    params.add_argument(
        "--strict", action="store_true", help="not-applicable and integer issues are errors"
    )
    params.add_argument(
        "--forbid-unknown",
        action="store_true",
        help="every undocumented parameter is an error (unknown-field); likely typos of"
        " documented ones always are (likely-typo)",
    )
    params.add_argument(
        "--show-warnings",
        action="store_true",
        help="list the warnings (text output counts them by code on the verdict line)",
    )
    params.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text output: print only documents not ready, their verdict and errors",
    )
    _revision_option(params)
    _add_format(params)
    params.add_argument("path", metavar="PATH", help="a JSON file, or - for stdin")

    drift = commands.add_parser(
        "drift",
        help="report where a stream of documents departs from the contract",
        description="Read documents (JSON, JSON Lines, stdin) and report, per path pattern,"
        " undocumented fields, undocumented enum values, missing required fields and broken"
        " bounds, most widespread first.",
        epilog=_DRIFT_EPILOG,
        formatter_class=raw,
    )
    drift.add_argument(
        "--schema",
        choices=("auto", *SCHEMAS),
        default="auto",
        help="what the documents are (default: auto: from their keys, as for validate;"
        " a document that fits no shape or several is an input error)",
    )
    _revision_option(drift)
    _add_format(drift)
    drift.add_argument(
        "--fail-on",
        metavar="KINDS",
        help="comma-separated finding kinds that make the exit status 1, of"
        f" {','.join(FINDING_KINDS)} (default: the drift kinds, {','.join(DEFAULT_FAIL_ON)})",
    )
    drift.add_argument("--lines", action="store_true", help="read every input as JSON Lines")
    drift.add_argument(
        "--show-warnings",
        action="store_true",
        help="list the findings not of the --fail-on kinds too (by default they are counted)",
    )
    drift.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the findings of the --fail-on kinds and input errors (nothing when"
        " the run passes); the exit status is the same",
    )
    drift.add_argument("paths", nargs="+", metavar="PATH", help="a file, or - for stdin")

    changes = commands.add_parser(
        "diff",
        help="list what changed between two contract revisions, and whom it breaks",
        description="List every change from revision FROM to revision TO (fields, enum"
        " values, bounds, requirements, types), each with the parties it breaks: consumer"
        " (code pinned to FROM rejects some valid TO document) or producer (some valid FROM"
        " document is invalid under TO).",
        epilog=_DIFF_EPILOG,
        formatter_class=raw,
    )
    changes.add_argument(
        "from_revision",
        choices=_REVISION_CHOICES,
        metavar="FROM",
        help=f"the revision changed from: {', '.join(_REVISION_CHOICES)}",
    )
    changes.add_argument(
        "to_revision",
        choices=_REVISION_CHOICES,
        metavar="TO",
        help=f"the revision changed to: {', '.join(_REVISION_CHOICES)}",
    )
    _add_format(changes)
    changes.add_argument(
        "--fail-on",
        metavar="PARTIES",
        help="exit 1 when a change breaks one of these: consumer, producer or"
        " consumer,producer (default: never)",
    )
    spec = commands.add_parser(
        "openapi",
        help="print the OpenAPI 3.1 document of the model-training endpoints",
        description="Print the OpenAPI 3.1 document of GET /models/{modelId}, PUT"
        " /models/{modelId}/train and POST /models/{modelId}/train/action, its components"
        " generated from the contract.",
        epilog=_epilog("  the OpenAPI document as one JSON document\n", "  0    printed\n"),
        formatter_class=raw,
    )
    spec.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default="latest",
        help="the contract revision (default: latest)",
    )
    _add_stub_parser(commands)
    _codegen_parser(commands, raw)
    return parser


def _add_stub_parser(commands: Any) -> None:
    stub = commands.add_parser(
        "stub",
        help="serve a local stub of the model-training endpoints (the stub extra)",
        description="Serve GET /models/{modelId}, PUT /models/{modelId}/train and\n"
        "POST /models/{modelId}/train/action for any HTTP client, checked by the contract\n"
        "and the training preflight, with faults on request. Needs the stub extra:\n"
        f"{STUB_EXTRA}",
        epilog="output:\n"
        "  stderr: `listening on http://HOST:PORT` (the real port with --port 0), then the\n"
        "  model ids served; `stopped` after Ctrl-C\n\n"
        "exit status:\n"
        "  0    stopped by Ctrl-C (SIGINT), after a clean shutdown\n"
        "  2    usage error, the stub extra missing, a --models line or model refused,\n"
        "       or the address cannot be bound\n"
        "  143  stopped by SIGTERM, after the same clean shutdown\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    stub.add_argument(
        "--host", default="127.0.0.1", help="the address to bind (default: 127.0.0.1)"
    )
    stub.add_argument(
        "--port", type=int, default=8080, help="the port; 0 picks a free one (default: 8080)"
    )
    stub.add_argument("--seed", type=int, default=0, help="seeds models, ids and fault rates")
    stub.add_argument("--models", metavar="FILE", help="JSON Lines of Model documents to serve")
    stub.add_argument(
        "--count", type=_positive, default=5, help="models to generate without --models (5)"
    )
    stub.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default="latest",
        help="the contract revision (default: latest)",
    )
    stub.add_argument(
        "--fault",
        type=_fault,
        action="append",
        metavar="KIND[,key=value...]",
        help="inject a fault (repeatable): 429, 500, 503, latency, close, undocumented or"
        " revision; keys rate, nth, seconds, revision (e.g. 429,nth=2 or latency,seconds=0.5)",
    )
    stub.add_argument(
        "--polls", type=_positive, default=3, help="a training model is trained at this GET (3)"
    )
    stub.add_argument(
        "--seconds", type=float, metavar="S", help="or trained after S seconds (default: never)"
    )


def _codegen_parser(commands: Any, raw: type[argparse.HelpFormatter]) -> None:
    codegen = commands.add_parser(
        "codegen",
        help="print the generated Python source that checks, loads or dumps a document",
        description="Print the source that validate (--kind check), load or dump runs for"
        " NAME: the code generated from the contract's declarations, as it runs.",
        epilog=_CODEGEN_EPILOG,
        formatter_class=raw,
    )
    codegen.add_argument("name", choices=tuple(SCHEMAS), metavar="NAME", help=", ".join(SCHEMAS))
    codegen.add_argument(
        "--kind",
        choices=("check", "load", "dump"),
        default="check",
        help="check: validate's; load: the builder; dump: the dumper (default: check)",
    )
    codegen.add_argument(
        "--mode", choices=MODES, default="strict", help="as for validate (default: strict)"
    )
    codegen.add_argument(
        "--check-formats", action="store_true", help="as for validate: date-time strings too"
    )
    _revision_option(codegen)


_REVISION_CHOICES = (*REVISIONS, "latest")


def _revision_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default=None,  # latest, filled in by _fill_revision: the output names one given
        help="the contract revision: latest (the newest, today"
        f" {LATEST}: the default), sdk-2.4 (the API as of SDK 2.4.0) or page (the"
        " reference page); name one to pin the result",
    )


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--show-warnings",
        action="store_true",
        help="list every warning in text output (by default a document's status line"
        " counts its warnings by code)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text output: print only the documents with errors and their errors (nothing"
        " when all are valid); the exit status is the same",
    )


def _forbid_unknown_option(command: argparse.ArgumentParser, meaning: str) -> None:
    command.add_argument(
        "--forbid-unknown",
        action="store_true",
        help=f"{meaning}; by default undocumented fields are warnings, as the API may add some",
    )


def _fill_revision(args: argparse.Namespace) -> None:
    """Default ``--revision`` to ``latest``; ``revision_given`` says whether one was named.

    A revision named on the command line is named in the output (the default is not),
    so a pinned run says what it was pinned to.
    """
    if hasattr(args, "revision"):
        args.revision_given = args.revision is not None
        if args.revision is None:
            args.revision = "latest"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail on a closed pipe."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: nothing will flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module docstring)."""
    try:
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # argparse has printed the usage, the help or the version
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
        _fill_revision(args)
        commands = {
            "validate": _validate_command,
            "schema": _schema_command,
            "check-params": _check_params_command,
            "drift": _drift_command,
            "diff": _diff_command,
            "codegen": _codegen_command,
            "openapi": _openapi_command,
            "stub": _stub_command,
        }
        status = commands[args.command](args, sys.stdout)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        _complain("", "interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `scenario-schema ... | head`: the rest was not checked
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        if isinstance(error, OSError):
            _complain("", f"{error.strerror or error}")
        else:
            _complain(
                "",
                f"internal error: {type(error).__name__}: {error}"
                f" (set {DEBUG_VARIABLE}=1 for the traceback, and please report it)",
            )
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
