"""``scenario-schema check-params``: the training preflight of each document, as text or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import IO, Any

import attrs

from .._report import Issue
from .._revisions import resolve_revision
from .._typos import did_you_mean
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
    depth_issue,
    read_documents,
)
from ._output import (
    EXIT_INVALID,
    EXIT_USAGE,
    EXIT_VALID,
    NO_DOCUMENTS,
    cell,
    complain,
    emit,
    emit_json,
    issue_json,
    plural,
    write_verdict,
)


def check_params_command(args: argparse.Namespace, out: IO[str]) -> int:
    if args.model_type is not None:
        try:
            resolve_model_type(args.model_type, DEFAULT_POLICY, resolve_revision(args.revision))
        except ValueError as error:
            complain("check-params", str(error))
            return EXIT_USAGE
    if args.training_images is not None:
        try:
            training_image_count(args.training_images, "--training-images")
        except ValueError as error:
            complain("check-params", str(error))
            return EXIT_USAGE
    worst = EXIT_VALID
    checked = 0
    for document in read_documents(args.path, lines=False):
        checked += 1
        if document.problem is not None:
            if args.format == "json":
                emit_json(out, _unreadable_training_json(document))
            else:
                write_verdict(out, document, None, "", "unreadable", (document.problem,))
            return EXIT_USAGE
        try:
            report = _preflight(args, document.payload)
        except NoModelTypeError as error:
            hint = f"; {did_you_mean('type')}" if str(error).endswith(did_you_mean("type")) else ""
            complain("check-params", f"{document.where}: {_NO_MODEL_TYPE}{hint}")
            return EXIT_USAGE
        report = _with_depth(report, document.payload)
        if args.format == "json":
            emit_json(out, _training_json(document, report, named=args.revision_given))
        else:
            _write_training_text(out, document, report, _TextOptions.of(args))
        if not report.ok:
            worst = EXIT_INVALID
    if not checked:
        complain("check-params", NO_DOCUMENTS)
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
        "issues": [issue_json(issue) for issue in report.issues],
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
        "issues": [issue_json(document.problem)],
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
    emit(out, f"{document.where}: {verdict} ({report.model_type}, {trainer}): {tally}")
    for issue in report.issues if shown_warnings else errors:
        emit(out, f"  {issue.severity:<7} {issue}")
    if report.effective and not options.quiet:
        _write_effective(out, report)


def _tally(errors: int, warnings: Sequence[Issue], *, listed: bool) -> str:
    """``1 error, 2 warnings (1 deprecated, 1 not-applicable; --show-warnings to list)``.

    A local helper: ``validate``'s summary line follows the same rule (issue 20).
    """
    text = f"{plural(errors, 'error')}, {plural(len(warnings), 'warning')}"
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
        (name, cell(_shown(name, report)), s.source, _note(s.note, s.typos))
        for name, s in report.effective.items()
    ]
    widths = [
        max(len(row[i]) for row in [("parameter", "value", "source", ""), *rows]) for i in range(3)
    ]
    emit(out, "effective parameters:")
    emit(
        out, f"  {'parameter':<{widths[0]}}  {'value':<{widths[1]}}  {'source':<{widths[2]}}  note"
    )
    for name, value, source, note in rows:
        emit(
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
