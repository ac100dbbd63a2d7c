"""Reading documents, and validating streams of them in one process or several.

A JSON Lines input is read in blocks of whole lines (:data:`BLOCK_BYTES`), never
whole. A block is checked and its results rendered to text in one go
(:func:`run_block`); with ``jobs > 1`` blocks go to worker processes (forked ones
that read a regular file's blocks themselves, :mod:`._forked`, or a process pool for
stdin and pipes), a bounded number in flight, and the rendered chunks come back in
input order, so memory stays flat and the output is the same as with one process.
:func:`check_raw` is the function of one line's bytes that every path runs
(``scenario_schema.batch.validate_lines`` too), and :func:`check_text` the function
of one document's text.
"""

from __future__ import annotations

import functools
import io
import os
import signal
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any, Literal

import attrs

from .._api import validate
from .._json_text import FAST_DECODER, decode_json
from .._options import MAX_DEPTH, Mode, check_mode
from .._report import Issue, pointer_token
from .._revisions import Revision, resolve_revision
from .._shapes import Unrecognised, detect_schema
from ..models import SCHEMAS, SchemaName
from . import _forked

__all__ = [
    "Block",
    "Chunk",
    "Document",
    "Result",
    "Settings",
    "Totals",
    "Unit",
    "Verdict",
    "check_inputs",
    "check_raw",
    "check_text",
    "decode",
    "depth_issue",
    "plan",
    "read_documents",
    "read_units",
    "run_block",
    "totals",
    "validate_lines",
]

LINE_SUFFIXES = (".jsonl", ".ndjson")
BLOCK_BYTES = 1024 * 1024
"""Bytes of JSON Lines per task, at most (a block ends at the end of a line)."""
BLOCK_LINES = 1024
"""Lines per task, at most."""
READ_BUFFER = 256 * 1024
"""Bytes read from a file at a time: far fewer system calls than the default 8 KiB."""
PROGRESS_MIN_BYTES = 4 * 1024 * 1024
"""Inputs smaller than this get no progress bar."""
PROGRESS_INTERVAL = 0.2
"""Seconds between two drawings of the progress bar."""
_JSON_WHITESPACE = b" \t\r\n"
_JSON_WHITESPACE_TEXT = _JSON_WHITESPACE.decode()
_NO_DOCUMENT = "no JSON document: the input is empty"
_WHITESPACE_BYTES = frozenset(_JSON_WHITESPACE)


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


Verdict = Literal["valid", "invalid", "unreadable", "unrecognised"]


@attrs.frozen
class Result:
    """The verdict on one document, as ``scenario-schema validate`` reports it.

    A plain value (picklable, comparable), so that it can travel between processes.

    Attributes:
        source: Where the document came from (a file name, ``<stdin>``, or what the
            caller named it).
        line: The document's line number in a JSON Lines input (``None`` for a whole
            file).
        schema: The schema it was checked against (``None`` when it could not be read).
        verdict: ``valid`` (no error, warnings allowed), ``invalid`` (an error),
            ``unreadable`` (not UTF-8, or not JSON: its one issue says why), or
            ``unrecognised`` (``auto`` could not tell its schema from its shape: its one
            ``schema`` issue says why).
        issues: Every issue found, errors and warnings, each at its JSON Pointer.

    """

    source: str
    line: int | None
    schema: str | None
    verdict: Verdict
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        """True when the document is valid (warnings allowed)."""
        return self.verdict == "valid"


@attrs.frozen
class Totals:
    """How many documents were valid, invalid, unreadable, unrecognised; totals of parts add up.

    ``sum(parts, Totals())`` gives the totals of a dataset from those of its partitions.
    """

    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    unrecognised: int = 0

    @property
    def checked(self) -> int:
        """How many documents were checked."""
        return self.valid + self.invalid + self.unreadable + self.unrecognised

    @property
    def status(self) -> int:
        """The exit status ``scenario-schema validate`` gives for these totals.

        ``0`` every document valid, ``1`` a document invalid, ``2`` a document
        unreadable or unrecognised (a usage error: name its schema), or no document.
        """
        if self.unreadable or self.unrecognised or not self.checked:
            return 2
        return 1 if self.invalid else 0

    def __add__(self, other: Totals) -> Totals:
        if not isinstance(other, Totals):
            return NotImplemented
        return Totals(
            self.valid + other.valid,
            self.invalid + other.invalid,
            self.unreadable + other.unreadable,
            self.unrecognised + other.unrecognised,
        )


def totals(results: Iterable[Result]) -> Totals:
    """Count results by verdict (consuming them, if they are an iterator)."""
    counts = {"valid": 0, "invalid": 0, "unreadable": 0, "unrecognised": 0}
    for result in results:
        counts[result.verdict] += 1
    return Totals(counts["valid"], counts["invalid"], counts["unreadable"], counts["unrecognised"])


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
                yield _unreadable(source, None, _NO_DOCUMENT, len(raw))
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
    if problem is not None and unit.line is None and problem.message.endswith(_EXTRA_DATA):
        problem = Issue(problem.path, problem.code, problem.message + _LINES_HINT)
    return Document(unit.source, unit.line, payload=payload, problem=problem)


_EXTRA_DATA = ": Extra data"
"""How :mod:`json` ends the message for text that goes on after a whole document."""
_LINES_HINT = " (several JSON documents? For JSON Lines, one document a line, give --lines)"


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
    revision: Revision = "latest",
) -> Result:
    """Decode and validate one JSON document: a pure function, safe to run in any worker."""
    return _check(Unit(source, line, text), schema, mode, check_formats, revision)


def _check(
    unit: Unit,
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    check_formats: bool,
    revision: Revision = "latest",
    *,
    forbid_unknown: bool = False,
) -> Result:
    document = decode(unit)
    if document.problem is not None:
        return Result(unit.source, unit.line, None, "unreadable", (document.problem,))
    return _verdict(
        unit.source,
        unit.line,
        document.payload,
        schema,
        mode,
        check_formats,
        revision,
        forbid_unknown=forbid_unknown,
    )


def _verdict(
    source: str,
    line: int | None,
    payload: Any,
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    check_formats: bool,
    revision: Revision,
    *,
    forbid_unknown: bool = False,
) -> Result:
    if schema == "auto":
        detected = detect_schema(payload)
        if isinstance(detected, Unrecognised):
            problem = Issue("", "schema", detected.message)
            return Result(source, line, None, "unrecognised", (problem,))
        name: SchemaName = detected
    else:
        name = schema
    report = validate(
        payload,
        name,
        mode=mode,
        check_formats=check_formats,
        revision=revision,
        forbid_unknown=forbid_unknown,
    )
    return Result(source, line, name, "valid" if report.ok else "invalid", report.issues)


def check_raw(
    raw: bytes,
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    check_formats: bool,
    revision: Revision,
    source: str,
    line: int | None,
    *,
    forbid_unknown: bool = False,
) -> Result:
    """Decode and validate one document's bytes, as read from a file (its newline included).

    The same verdict as :func:`read_units` then :func:`check_text` would give, without
    the objects in between: the fast decoder (``_json_text``) takes the bytes as they
    are when it can; when it refuses them, they are decoded as UTF-8 (bytes that are
    not are ``unreadable``) and then by the standard library.
    """
    if FAST_DECODER is not None:
        try:
            payload = FAST_DECODER(raw)
        except Exception:  # refused: the text's own path decides, and words the issue
            pass
        else:
            return _verdict(
                source,
                line,
                payload,
                schema,
                mode,
                check_formats,
                revision,
                forbid_unknown=forbid_unknown,
            )
    unit = _unit(source, line, raw, 0)
    return _check(unit, schema, mode, check_formats, revision, forbid_unknown=forbid_unknown)


def _blank(raw: bytes) -> bool:
    """A line of JSON whitespace only, which is skipped (a document mostly starts with ``{``)."""
    return not raw or (raw[0] in _WHITESPACE_BYTES and not raw.strip(_JSON_WHITESPACE))


def validate_lines(
    lines: Iterable[str | bytes],
    schema: SchemaName | Literal["auto"] = "auto",
    *,
    mode: Mode = "strict",
    revision: Revision = "latest",
    check_formats: bool = False,
    source: str = "",
    first_line: int = 1,
    forbid_unknown: bool = False,
) -> Iterator[Result]:
    """Validate JSON Lines, one document per line: a :class:`Result` per document, lazily.

    The results are those ``scenario-schema validate`` reports for the same lines (its
    ``--format json`` records hold the same fields): blank lines are skipped but
    counted, a line that is not UTF-8 or not JSON is ``unreadable`` and the lines after
    it are still checked. Nothing is kept between calls, so it runs as it is in any
    worker of a distributed engine, on each partition of a dataset.

    Args:
        lines: The lines, as ``bytes`` (what a file holds) or ``str``; a line's newline
            may be there or not (the command line sees it, and a ``json`` message about
            a line's end counts it). A ``str`` line stands for its UTF-8 bytes, and
            ``U+DC80``..``U+DCFF`` for the bytes that ``errors="surrogateescape"``
            decoding could not decode, so such a line is reported as not UTF-8.
        schema: ``auto`` (the default: a top-level object with ``model`` and no ``id`` is a
            ``train-action-response``, anything else a ``model``), or a schema name.
        mode: As for :func:`scenario_schema.validate`.
        revision: As for :func:`scenario_schema.validate`.
        check_formats: As for :func:`scenario_schema.validate`.
        source: What the results name as their source (the file, for instance).
        first_line: The line number of the first line (for a partition that starts
            further into a file).
        forbid_unknown: As for :func:`scenario_schema.validate`.

    Raises:
        ValueError: for an unknown schema name, mode or revision, at once.
        TypeError: (when iterated) for a line that is neither ``str`` nor ``bytes``.

    """
    if schema != "auto" and schema not in SCHEMAS:
        known = ", ".join(("auto", *SCHEMAS))
        msg = f"unknown schema {schema!r}; known: {known}"
        raise ValueError(msg)
    check_mode(mode)
    resolve_revision(revision)
    return _validate_lines(
        lines, schema, mode, revision, check_formats, source, first_line, forbid_unknown
    )


def _validate_lines(
    lines: Iterable[str | bytes],
    schema: SchemaName | Literal["auto"],
    mode: Mode,
    revision: Revision,
    check_formats: bool,
    source: str,
    first_line: int,
    forbid_unknown: bool,
) -> Iterator[Result]:
    forbid = forbid_unknown
    for number, line in enumerate(lines, start=first_line):
        if isinstance(line, str):
            try:
                raw = line.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # a lone surrogate that stands for no byte: text as is
                if line.strip(_JSON_WHITESPACE_TEXT):
                    unit = Unit(source, number, line)
                    yield _check(unit, schema, mode, check_formats, revision, forbid_unknown=forbid)
                continue
        elif isinstance(line, (bytes, bytearray, memoryview)):
            raw = bytes(line)
        else:
            msg = f"validate_lines() takes lines of str or bytes, not {type(line).__name__}"
            raise TypeError(msg)
        if not _blank(raw):
            yield check_raw(
                raw, schema, mode, check_formats, revision, source, number, forbid_unknown=forbid
            )


@attrs.frozen
class Settings:
    """What to check documents against, and how to render each result: one run's settings."""

    schema: SchemaName | Literal["auto"]
    mode: Mode
    check_formats: bool
    revision: Revision
    render: Callable[[Result], str]
    forbid_unknown: bool = False


@attrs.frozen
class Block:
    """A stretch of input for one task: whole lines of a JSON Lines input, or one document.

    The lines are in ``lines`` (a whole document is one "line"), or, for a regular file,
    ``size`` bytes at ``start`` of ``path`` for the worker to read itself (then ``count``
    is the number of lines it should find there). ``first_line`` is the line number of
    the first line (``None`` for a whole document).
    """

    source: str
    first_line: int | None
    size: int
    lines: list[bytes] | None = None
    path: str | None = None
    start: int = 0
    count: int = 0


@attrs.frozen
class Chunk:
    """The rendered output of a block, a text per document, and its tally: what a worker sends.

    Documents without output (in text, a JSON Lines document without issues) have no text.
    ``size`` is the block's bytes, blank lines included.
    """

    texts: list[str]
    totals: Totals
    size: int


def _chunk(results: Iterable[Result], settings: Settings, size: int) -> Chunk:
    """Render and count results."""
    results = list(results)
    texts = [text for text in map(settings.render, results) if text]
    return Chunk(texts, totals(results), size)


def _read_block(block: Block) -> list[bytes]:
    """The lines of a block, read from its file when the parent did not send them."""
    if block.lines is not None:
        return block.lines
    assert block.path is not None
    with open(block.path, "rb") as stream:
        if block.first_line is None:  # a whole document
            return [stream.read()]
        stream.seek(block.start)
        data = stream.read(block.size)
    lines = list(io.BytesIO(data))
    if len(data) != block.size or len(lines) != block.count:
        raise OSError(0, "the file changed while it was read", block.path)
    return lines


def _block_results(block: Block, settings: Settings) -> Iterator[Result]:
    try:
        lines = _read_block(block)
    except OSError as error:
        yield _unreadable_result(block.source, error)
        return
    schema, mode, check_formats = settings.schema, settings.mode, settings.check_formats
    revision, source, forbid = settings.revision, block.source, settings.forbid_unknown
    if block.first_line is None:  # one whole document
        (data,) = lines
        if data.strip(_JSON_WHITESPACE):
            yield check_raw(
                data, schema, mode, check_formats, revision, source, None, forbid_unknown=forbid
            )
        else:
            problem = Issue("", "unreadable", _NO_DOCUMENT)
            yield Result(source, None, None, "unreadable", (problem,))
        return
    for number, raw in enumerate(lines, start=block.first_line):
        if not _blank(raw):
            yield check_raw(
                raw, schema, mode, check_formats, revision, source, number, forbid_unknown=forbid
            )


def run_block(block: Block, settings: Settings) -> Chunk:
    """Check and render every document of a block: the task a worker process runs."""
    return _chunk(_block_results(block, settings), settings, block.size)


def _read_blocks(
    stream: IO[bytes], source: str, path: str | None, *, ranged: bool
) -> Iterator[Block]:
    """A JSON Lines input cut into blocks of whole lines.

    A block holds at most :data:`BLOCK_LINES` lines (so that the rendered output of a
    block of short lines stays small too) and about :data:`BLOCK_BYTES`. A regular file
    (``path``) is read a line at a time, or, ``ranged``, scanned for its line ends only:
    its blocks carry their place in the file rather than their lines. A pipe is read as
    its writer writes: a block is what one read returns, completed to the end of its last
    line, so that stdin from a slow writer is checked as it comes.
    """
    line = 1
    if ranged and path is not None:
        for start, size, count in _file_ranges(stream):
            yield Block(source, line, size, path=path, start=start, count=count)
            line += count
        return
    for lines in _file_lines(stream) if path is not None else _pipe_lines(stream):
        yield Block(source, line, sum(map(len, lines)), lines=lines)
        line += len(lines)


def _file_ranges(stream: IO[bytes]) -> Iterator[tuple[int, int, int]]:
    """``(start, size, lines)`` of each block of a file, found without copying a line."""
    buffer = bytearray(BLOCK_BYTES)
    start = 0
    while True:
        stream.seek(start)
        filled = stream.readinto(buffer)  # type: ignore[attr-defined]
        if not filled:
            return
        count, end, newline = 0, 0, 0
        while count < BLOCK_LINES:
            newline = buffer.find(b"\n", end, filled)
            if newline < 0:
                break
            count, end = count + 1, newline + 1
        if newline < 0 and filled < len(buffer) and end < filled:  # the last line, no newline
            count, end = count + 1, filled
        elif not count:  # a line longer than the buffer: up to its end
            end = filled + _line_rest(stream)
            count = 1
        yield start, end, count
        start += end


def _line_rest(stream: IO[bytes]) -> int:
    """The length of the rest of the line being read, its newline included."""
    length = 0
    while True:
        chunk = stream.readline(BLOCK_BYTES)
        length += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return length


def _file_lines(stream: IO[bytes]) -> Iterator[list[bytes]]:
    lines: list[bytes] = []
    size = 0
    for raw in stream:
        lines.append(raw)
        size += len(raw)
        if size >= BLOCK_BYTES or len(lines) >= BLOCK_LINES:
            yield lines
            lines, size = [], 0
    if lines:
        yield lines


def _pipe_lines(stream: IO[bytes]) -> Iterator[list[bytes]]:
    read = getattr(stream, "read1", stream.read)
    while True:
        data = read(BLOCK_BYTES)
        if not data:
            return
        if not data.endswith(b"\n"):
            data += stream.readline()
        lines = list(io.BytesIO(data))
        for start in range(0, len(lines), BLOCK_LINES):
            yield lines[start : start + BLOCK_LINES]


def plan(path: str, *, lines: bool, ranges: bool) -> Iterator[Block | Result]:
    """The blocks of an input (``-`` is stdin), or the result that it cannot be read.

    With ``ranges``, a regular file's blocks name their place in it instead of holding
    their bytes, for worker processes to read in parallel.
    """
    as_lines = lines or path.endswith(LINE_SUFFIXES)
    source = "<stdin>" if path == "-" else path
    stream: IO[bytes]
    try:
        stream = (
            _binary(sys.stdin) if path == "-" else open(path, "rb", buffering=READ_BUFFER)  # noqa: SIM115
        )
    except OSError as error:
        yield _unreadable_result(source, error)
        return
    try:
        regular = path != "-" and stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
        ranged = path if ranges and regular else None
        if as_lines:
            yield from _read_blocks(stream, source, path if regular else None, ranged=ranges)
        elif ranged is not None:
            size = os.fstat(stream.fileno()).st_size
            yield Block(source, None, size, path=ranged)
        else:
            data = stream.read()
            yield Block(source, None, len(data), lines=[data])
    except OSError as error:
        yield _unreadable_result(source, error)
    finally:
        if path != "-":
            stream.close()


def _unreadable_result(source: str, error: OSError) -> Result:
    return Result(source, None, None, "unreadable", (Issue("", "unreadable", _os_message(error)),))


def check_inputs(
    paths: Iterable[str],
    settings: Settings,
    *,
    lines: bool,
    jobs: int = 1,
) -> Generator[Chunk, None, None]:
    """Check every input and render the results, in input order, in ``jobs`` processes.

    With one job, blocks are checked as they are read. With more, the chunks come back
    in input order, the same output as with one job, in flat memory, from one of two
    engines. When every input is a regular file (and the platform forks), ``jobs - 1``
    forked children and this process take the blocks in turn (:mod:`._forked`); each
    block names its byte range, which the worker reads itself, and only rendered text
    crosses a pipe. Otherwise (stdin, a pipe) each block, with its lines, goes to a
    :class:`~concurrent.futures.ProcessPoolExecutor`, at most ``2 * jobs`` in flight.
    """
    paths = list(paths)
    items = (item for path in paths for item in plan(path, lines=lines, ranges=jobs > 1))
    work = functools.partial(_work, settings=settings)
    if jobs <= 1:
        yield from map(work, items)
        return
    if _forked.AVAILABLE and all(_regular(path) for path in paths):
        # Every block names its place in a file: small to send, so the forked workers
        # take them, this process one of them (see _forked).
        yield from _forked.ordered_map(work, items, jobs, local=_holds_data)
        return
    in_flight: deque[Future[Chunk] | Chunk] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_the_parent)
    try:
        for item in items:
            in_flight.append(
                work(item) if isinstance(item, Result) else pool.submit(run_block, item, settings)
            )
            while len(in_flight) >= 2 * jobs:
                yield _take(in_flight.popleft())
        while in_flight:
            yield _take(in_flight.popleft())
    finally:
        # Interrupted, or the consumer stopped early (a closed pipe): drop the queued
        # blocks and wait for the workers to exit, so that none is left behind.
        pool.shutdown(wait=True, cancel_futures=True)


def _work(item: Block | Result, settings: Settings) -> Chunk:
    """The chunk of a block, or of the result that an input cannot be read."""
    return _chunk((item,), settings, 0) if isinstance(item, Result) else run_block(item, settings)


def _regular(path: str) -> bool:
    try:
        return path != "-" and stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):  # the run reports it: an unreadable input
        return True


def _holds_data(item: Block | Result) -> bool:
    """Whether an item carries its input (too large for a pipe): an input that became a pipe."""
    return isinstance(item, Block) and item.lines is not None


def _take(item: Future[Chunk] | Chunk) -> Chunk:
    return item if isinstance(item, Chunk) else item.result()


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
        self._width = 0

    def count(self, size: int, documents: int) -> None:
        """Count ``documents`` checked from ``size`` bytes of input."""
        if self.enabled:
            self.done += size
            self.documents += documents
            self._draw()

    def _draw(self, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._shown < PROGRESS_INTERVAL:
            return
        self._shown = now
        share = min(self.done / self.total, 1.0) if self.total else 1.0
        bar = "#" * int(share * 30)
        line = f"[{bar:<30}] {share:6.1%} {self.documents:,} documents"
        self._width = len(line)
        self.stream.write(f"\r{line}")
        self.stream.flush()

    def clear(self) -> None:
        """Blank the bar's line, so that a line written next starts a clean line.

        The output's lines go to stdout and the bar to stderr; on one terminal, a line
        written after the bar would follow it on its line. The bar comes back at the
        next count.
        """
        if self._width:
            self.stream.write(f"\r{' ' * self._width}\r")
            self.stream.flush()
            self._width = 0
            self._shown = 0.0

    def close(self) -> None:
        """Finish the bar's line."""
        if self.enabled:
            self._draw(final=True)
            self.stream.write("\n")
            self.stream.flush()
