"""``scenario-schema validate``: documents checked in one process or several, rendered.

The checking is :mod:`._batch`'s; this module turns each result into its text lines
or its JSON record (:class:`ValidateOutput`, a picklable value that worker processes
run) and prints the summary.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from json.encoder import encode_basestring_ascii as _json_string
from typing import IO

import attrs

from .._revisions import resolve_revision
from ._batch import (
    Progress,
    Result,
    Settings,
    Totals,
    check_inputs,
)
from ._output import (
    LINE_LIMIT,
    NO_DOCUMENTS,
    SHOW_WARNINGS,
    complain,
    emit,
    line_for,
    plural,
    warning_tally,
)


def validate_command(args: argparse.Namespace, out: IO[str]) -> int:
    totals = Totals()
    progress = Progress(args.paths, sys.stderr)
    # The default revision (latest) is not named in the output; a revision given is.
    revision = resolve_revision(args.revision)
    named = revision if args.revision_given else None
    render = ValidateOutput(
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
        complain("validate", NO_DOCUMENTS)
    elif args.format == "text" and not args.quiet:
        emit(
            out,
            f"{plural(totals.checked, 'document')} checked: {totals.valid} valid,"
            f" {totals.invalid} invalid, {totals.unreadable} unreadable"
            + (f", {totals.unrecognised} unrecognised" if totals.unrecognised else ""),
        )
    return totals.status


_FAST_PATH_CHARS = 64
"""Paths up to this long print as they are in ``str(issue)`` (which cuts only longer ones)."""


@attrs.frozen
class ValidateOutput:
    """What ``validate`` prints for one result: the text of its lines, or its JSON record.

    A picklable value, so that worker processes render their own results and only text
    crosses back to the parent. It writes what :func:`emit` and :func:`emit_json`
    would, faster: the JSON record is put together from JSON strings, and a line of
    short printable ASCII (the common case) is taken as it is, without :func:`one_line`
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
            tally = f": {plural(errors, 'error')}"
            listed = tuple(issue for issue in issues if issue.severity == "error")
        elif issues:
            warnings = len(issues) - errors
            tally = f": {plural(errors, 'error')}, {plural(warnings, 'warning')}"
            if warnings and listed is None:
                tally += f" ({warning_tally(issues)}{SHOW_WARNINGS})"
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
        return line_for(text, self.encoding)


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
