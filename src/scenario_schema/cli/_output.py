"""What every subcommand prints with: exit statuses, one-line escaping, counts and cells.

Every line the command prints is one line: control characters and text the output
cannot encode are escaped, and lines are cut at :data:`LINE_LIMIT` characters
(:func:`emit`); JSON output is ASCII (:func:`emit_json`); messages about the run go
to stderr (:func:`complain`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import IO, Any

from .._report import Issue
from ._batch import (
    Document,
)

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


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` as one printable line: unsafe characters escaped, cut at ``limit``."""
    line = _UNSAFE.sub(_escape, text)
    if len(line) <= limit:
        return line
    return f"{line[:limit]}... ({len(line)} characters)"


def emit(out: IO[str], text: str) -> None:
    """Write one line of text output, escaped so that any stream encoding takes it."""
    out.write(line_for(text, getattr(out, "encoding", None) or "utf-8") + "\n")


def line_for(text: str, encoding: str) -> str:
    """``text`` as one line that a stream of ``encoding`` takes (see :func:`emit`)."""
    line = one_line(text)
    if encoding.lower().replace("-", "") != "utf8":
        line = line.encode(encoding, "backslashreplace").decode(encoding)
    return line


def emit_json(out: IO[str], record: Any, *, indent: int | None = None) -> None:
    """Write JSON output: ASCII only, so every character (a lone surrogate too) is escaped."""
    out.write(json.dumps(record, indent=indent, ensure_ascii=True) + "\n")


def complain(command: str, message: str) -> None:
    """One line on stderr, for the run rather than for a document."""
    prefix = f"{PROG} {command}" if command else PROG
    sys.stderr.write(one_line(f"{prefix}: {message}") + "\n")


def issue_json(issue: Issue) -> dict[str, str]:
    return issue.to_json()


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


NO_DOCUMENTS = "no documents: the input holds no JSON document"


SHOW_WARNINGS = "; --show-warnings to list"


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


def write_verdict(
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
    tally = f": {plural(errors, 'error')}, {plural(warnings, 'warning')}" if issues else ""
    emit(out, f"{document.where}: {verdict}{against}{tally}")
    for issue in issues:
        emit(out, f"  {issue.severity:<7} {issue}")


def cell(value: Any) -> str:
    """A table cell: JSON, shortened to one readable column."""
    if value is None:
        return "-"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 3] + "..."


_CELL_WIDTH = 32
