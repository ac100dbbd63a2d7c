"""Reading documents, and validating streams of them in one process or several.

A JSON Lines input is read a line at a time, never whole; with ``jobs > 1`` the
lines go to worker processes in chunks, a bounded number in flight, and the
results come back in input order, so memory stays flat and the output is the
same as with one process. :func:`check_text` is the pure function of one
document that the workers run (and that any other engine can run).
"""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any, Literal

import attrs

from ._api import validate
from ._drift import auto_schema
from ._json_text import decode_json
from ._report import Issue, pointer_token
from ._revisions import Revision
from ._validate import MAX_DEPTH, Mode
from .models import SchemaName

__all__ = [
    "Document",
    "Result",
    "Unit",
    "check_stream",
    "check_text",
    "decode",
    "depth_issue",
    "read_documents",
    "read_units",
]

LINE_SUFFIXES = (".jsonl", ".ndjson")
CHUNK = 256
"""Lines per task sent to a worker process."""
PROGRESS_MIN_BYTES = 4 * 1024 * 1024
"""Inputs smaller than this get no progress bar."""
PROGRESS_INTERVAL = 0.2
"""Seconds between two drawings of the progress bar."""
_JSON_WHITESPACE = b" \t\r\n"


@attrs.frozen
class Unit:
    """The text of one document, where it came from, or why it could not be read.

    ``size`` is the number of input bytes the unit stands for (blank lines before it
    included), so that progress is counted in the same unit as file sizes.
    """

    source: str
    line: int | None
    text: str | None = None
    problem: Issue | None = None
    size: int = 0


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


def _unreadable(source: str, line: int | None, message: str, size: int = 0) -> Unit:
    return Unit(source, line, problem=Issue("", "unreadable", message), size=size)


def _binary(stream: IO[Any] | None) -> IO[bytes]:
    """The byte stream under a text stream (stdin); a stream with none is encoded back."""
    if stream is None:
        raise OSError(0, "stdin is closed", "-")
    buffer: IO[bytes] | None = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    if isinstance(stream, io.TextIOBase):  # an in-memory text stream, in tests
        return io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))
    return stream


def _unit(source: str, line: int | None, raw: bytes, size: int) -> Unit:
    """Decode one document's bytes as UTF-8; undecodable bytes make the unit unreadable."""
    try:
        return Unit(source, line, raw.decode("utf-8"), size=size)
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        row = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        message = (
            f"not UTF-8: byte 0x{raw[error.start]:02x} at line {line or row} column {column}"
            f" ({error.reason})"
        )
        return _unreadable(source, line, message, size)


def read_units(path: str, *, lines: bool, stdin: IO[Any] | None = None) -> Iterator[Unit]:
    """The documents of a file (``-`` is stdin) as text; JSON Lines one line at a time.

    Input is read as bytes and decoded per document, so a line that is not UTF-8 is
    reported (with its line number) and the lines after it are still read; stdin gives
    the same units as a file with the same bytes. A whole (not JSON Lines) input that
    holds nothing but whitespace is unreadable: it holds no document.
    """
    as_lines = lines or path.endswith(LINE_SUFFIXES)
    source = "<stdin>" if path == "-" else path
    stream: IO[bytes]
    try:
        stream = _binary(stdin or sys.stdin) if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as error:
        yield _unreadable(source, None, _os_message(error))
        return
    try:
        if as_lines:
            skipped = 0  # blank lines count towards the next document's size
            for number, raw in enumerate(stream, start=1):
                if not raw.strip(_JSON_WHITESPACE):
                    skipped += len(raw)
                    continue
                yield _unit(source, number, raw, skipped + len(raw))
                skipped = 0
        else:
            raw = stream.read()
            if raw.strip(_JSON_WHITESPACE):
                yield _unit(source, None, raw, len(raw))
            else:
                yield _unreadable(source, None, "no JSON document: the input is empty", len(raw))
    except OSError as error:
        yield _unreadable(source, None, _os_message(error))
    finally:
        if path != "-":
            stream.close()


def decode(unit: Unit) -> Document:
    """Decode a unit; ``NaN`` and ``Infinity`` decode, so they are reported at their field.

    A document nested too deep for the decoder is decoded with its too-deep contents
    cut out (:func:`_shallow`): it is an invalid document whose ``depth`` issues are at
    their paths, in every command.
    """
    if unit.text is None:
        return Document(unit.source, unit.line, problem=unit.problem)
    payload, problem = decode_json(unit.text, line=unit.line)
    return Document(unit.source, unit.line, payload=payload, problem=problem)


def depth_issue(payload: Any) -> Issue | None:
    """The first container nested deeper than ``MAX_DEPTH`` (as ``validate`` counts), if any.

    For commands that look at only part of a document (``check-params``): a document
    too deep is invalid whichever command reads it.
    """
    stack: list[tuple[Any, str]] = [(payload, "")]
    while stack:
        value, path = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        if path.count("/") >= MAX_DEPTH:
            return Issue(path, "depth", f"nesting goes deeper than {MAX_DEPTH} levels")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        children = [(child, f"{path}/{pointer_token(str(key))}") for key, child in items]
        stack.extend(reversed(children))
    return None


def read_documents(path: str, *, lines: bool) -> Iterator[Document]:
    """The decoded documents of a file (``-`` is stdin)."""
    for unit in read_units(path, lines=lines):
        yield decode(unit)


def check_text(
    text: str,
    schema: SchemaName | Literal["auto"] = "auto",
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
    unit: Unit,
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    check_formats: bool,
    revision: Revision = "page",
) -> Result:
    document = decode(unit)
    if document.problem is not None:
        return Result(unit.source, unit.line, None, "unreadable", (document.problem,))
    name = auto_schema(document.payload) if schema == "auto" else schema
    report = validate(
        document.payload, name, mode=mode, check_formats=check_formats, revision=revision
    )
    return Result(unit.source, unit.line, name, "valid" if report.ok else "invalid", report.issues)


def _check_chunk(
    units: list[Unit],
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    check_formats: bool,
    revision: Revision = "page",
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
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    check_formats: bool,
    *,
    jobs: int = 1,
    revision: Revision = "page",
) -> Generator[Result, None, None]:
    """Validate units in input order, in ``jobs`` processes, with a bounded number in flight."""
    if jobs <= 1:
        for unit in units:
            yield _check(unit, schema, mode, check_formats, revision)
        return
    in_flight: deque[Future[list[Result]]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_the_parent)
    try:
        for chunk in _chunks(units):
            task = pool.submit(_check_chunk, chunk, schema, mode, check_formats, revision)
            in_flight.append(task)
            if len(in_flight) >= 2 * jobs:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        # Interrupted, or the consumer stopped early (a closed pipe): drop the queued
        # chunks and wait for the workers to exit, so that none is left behind.
        pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_the_parent() -> None:
    """Worker initializer: Ctrl-C reaches the whole process group; the parent handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
                self.done += unit.size
                self.documents += 1
                self._draw()
            yield unit

    def _draw(self, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._shown < PROGRESS_INTERVAL:
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
