"""Reading documents, and validating streams of them in one process or several.

A JSON Lines input is read a line at a time, never whole; with ``jobs > 1`` the
lines go to worker processes in chunks, a bounded number in flight, and the
results come back in input order, so memory stays flat and the output is the
same as with one process. :func:`check_text` is the pure function of one
document that the workers run (and that any other engine can run).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any

import attrs

from ._api import validate
from ._drift import auto_schema
from ._report import Issue
from ._revisions import Revision
from ._validate import MAX_DEPTH, Mode

__all__ = [
    "Document",
    "Result",
    "Unit",
    "check_stream",
    "check_text",
    "decode",
    "read_documents",
    "read_units",
]

LINE_SUFFIXES = (".jsonl", ".ndjson")
CHUNK = 256
"""Lines per task sent to a worker process."""
PROGRESS_MIN_BYTES = 4 * 1024 * 1024
"""Inputs smaller than this get no progress bar."""


@attrs.frozen
class Unit:
    """The text of one document, where it came from, or why it could not be read."""

    source: str
    line: int | None
    text: str | None = None
    problem: Issue | None = None


@attrs.frozen
class Document:
    """One decoded document, or the reason it could not be decoded."""

    source: str
    line: int | None
    payload: Any = None
    problem: Issue | None = None

    @property
    def where(self) -> str:
        """``source`` or ``source:line``, for messages."""
        return self.source if self.line is None else f"{self.source}:{self.line}"


@attrs.frozen
class Result:
    """The verdict on one document: ``valid``, ``invalid`` or ``unreadable``."""

    source: str
    line: int | None
    schema: str | None
    verdict: str
    issues: tuple[Issue, ...]


def _os_message(error: OSError) -> str:
    return f"cannot read {error.filename!r}: {error.strerror or error}"


def read_units(path: str, *, lines: bool, stdin: IO[str] | None = None) -> Iterator[Unit]:
    """The documents of a file (``-`` is stdin) as text; JSON Lines one line at a time."""
    as_lines = lines or path.endswith(LINE_SUFFIXES)
    stream: IO[str]
    try:
        stream = (stdin or sys.stdin) if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        yield Unit(path, None, problem=Issue("", "unreadable", _os_message(error)))
        return
    source = "<stdin>" if path == "-" else path
    try:
        if as_lines:
            for number, text in enumerate(stream, start=1):
                if text.strip():
                    yield Unit(source, number, text)
        else:
            yield Unit(source, None, stream.read())
    except UnicodeDecodeError as error:
        yield Unit(source, None, problem=Issue("", "unreadable", f"not UTF-8: {error}"))
    except OSError as error:
        yield Unit(source, None, problem=Issue("", "unreadable", _os_message(error)))
    finally:
        if path != "-":
            stream.close()


def decode(unit: Unit) -> Document:
    """Decode a unit; ``NaN`` and ``Infinity`` decode, so they are reported at their field."""
    if unit.text is None:
        return Document(unit.source, unit.line, problem=unit.problem)
    try:
        return Document(unit.source, unit.line, payload=json.loads(unit.text))
    except json.JSONDecodeError as error:
        row = error.lineno if unit.line is None else unit.line
        message = f"malformed JSON at line {row} column {error.colno}: {error.msg}"
        return Document(unit.source, unit.line, problem=Issue("", "malformed-json", message))
    except RecursionError:
        message = f"nesting goes deeper than {MAX_DEPTH} levels (too deep to decode)"
        return Document(unit.source, unit.line, problem=Issue("", "depth", message))
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        message = f"malformed JSON: {error}"
        return Document(unit.source, unit.line, problem=Issue("", "malformed-json", message))


def read_documents(path: str, *, lines: bool) -> Iterator[Document]:
    """The decoded documents of a file (``-`` is stdin)."""
    for unit in read_units(path, lines=lines):
        yield decode(unit)


def check_text(
    text: str,
    schema: str = "auto",
    mode: Mode = "strict",
    check_formats: bool = False,
    *,
    source: str = "",
    line: int | None = None,
    revision: Revision = "page",
) -> Result:
    """Decode and validate one JSON document: a pure function, safe to run in any worker."""
    return _check(Unit(source, line, text), schema, mode, check_formats, revision)


def _check(
    unit: Unit, schema: str, mode: Mode, check_formats: bool, revision: Revision = "page"
) -> Result:
    document = decode(unit)
    if document.problem is not None:
        verdict = "invalid" if document.problem.code == "depth" else "unreadable"
        return Result(unit.source, unit.line, None, verdict, (document.problem,))
    name = auto_schema(document.payload) if schema == "auto" else schema
    report = validate(
        document.payload, name, mode=mode, check_formats=check_formats, revision=revision
    )
    return Result(unit.source, unit.line, name, "valid" if report.ok else "invalid", report.issues)


def _check_chunk(
    units: list[Unit], schema: str, mode: Mode, check_formats: bool, revision: Revision = "page"
) -> list[Result]:
    return [_check(unit, schema, mode, check_formats, revision) for unit in units]


def _chunks(units: Iterable[Unit]) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    for unit in units:
        chunk.append(unit)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_stream(
    units: Iterable[Unit],
    schema: str,
    mode: Mode,
    check_formats: bool,
    *,
    jobs: int = 1,
    revision: Revision = "page",
) -> Iterator[Result]:
    """Validate units in input order, in ``jobs`` processes, with a bounded number in flight."""
    if jobs <= 1:
        for unit in units:
            yield _check(unit, schema, mode, check_formats, revision)
        return
    in_flight: deque[Future[list[Result]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in _chunks(units):
            task = pool.submit(_check_chunk, chunk, schema, mode, check_formats, revision)
            in_flight.append(task)
            if len(in_flight) >= 2 * jobs:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


class Progress:
    """A one-line progress bar on a terminal's stderr, for large inputs; silent otherwise."""

    def __init__(self, paths: list[str], stream: IO[str]) -> None:
        sizes = [os.path.getsize(p) for p in paths if p != "-" and os.path.isfile(p)]
        self.total = sum(sizes)
        self.enabled = stream.isatty() and self.total >= PROGRESS_MIN_BYTES and "-" not in paths
        self.stream = stream
        self.done = 0
        self.documents = 0
        self._shown = 0.0

    def advance(self, units: Iterable[Unit]) -> Iterator[Unit]:
        """Pass units through, counting their size."""
        for unit in units:
            if self.enabled:
                self.done += len(unit.text or "") + 1
                self.documents += 1
                self._draw()
            yield unit

    def _draw(self, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._shown < 0.2:
            return
        self._shown = now
        share = min(self.done / self.total, 1.0) if self.total else 1.0
        bar = "#" * int(share * 30)
        self.stream.write(f"\r[{bar:<30}] {share:6.1%} {self.documents:,} documents")
        self.stream.flush()

    def close(self) -> None:
        """Finish the bar's line."""
        if self.enabled:
            self._draw(final=True)
            self.stream.write("\n")
            self.stream.flush()
