"""JSON text to a document and back, with any failure to decode returned as an issue, never raised.

The command line and :func:`scenario_schema.validate_json` / ``load_json`` read
text through this one function, so they agree on every edge: ``NaN`` and
``Infinity`` tokens decode (and ``validate`` then reports them at their field
as ``not-finite``), a repeated key keeps its last value (as :func:`json.loads`
does), text nested too deep for the decoder is decoded with its too-deep contents
cut out (so ``validate`` reports its ``depth`` issues at their paths, as for any
deep document), and anything else that is not JSON is a ``json`` issue
at the root with a one-line message. A UTF-8 byte order mark at the start of a text
is ignored, as RFC 8259 allows a parser to.

With the ``fast`` extra installed (msgspec), text is decoded by msgspec first, about
twice as fast; whenever msgspec refuses a text (its ``NaN``, ``1e400``, lone
surrogate escapes, an integer past the digit limit, text nested too deep, invalid
UTF-8, anything malformed), the standard library decodes it, so the result and the
issue are the same with the extra as without it (``tests/test_json_text_fast.py``
proves it over arbitrary JSON text). msgspec, unlike orjson, keeps integers of any
size exact, and keeps the last value of a repeated key in the first key's place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ._options import MAX_DEPTH
from ._report import Issue

__all__ = [
    "FAST_DECODER",
    "FAST_ENCODER",
    "MALFORMED",
    "decode_json",
    "encode_json",
    "standard_decode",
    "standard_encode",
]

MALFORMED = "json"
"""The code of an issue for text that is not JSON (or bytes that are not UTF-8)."""


FAST_DECODER: Callable[[str | bytes | bytearray], Any] | None
"""msgspec's decoder when the ``fast`` extra is installed, else ``None``.

Set on first use (a text decoded, or the name read): importing msgspec is not a
cost of ``import scenario_schema``.
"""


FAST_ENCODER: Callable[[Any], bytes] | None
"""msgspec's encoder when the ``fast`` extra is installed, else ``None`` (set on first use)."""


def _load_fast_decoder() -> Callable[[str | bytes | bytearray], Any] | None:
    """Import msgspec, if installed, and set :data:`FAST_DECODER` (once)."""
    global FAST_DECODER  # noqa: PLW0603 - a lazily set module constant
    try:
        import msgspec.json
    except ImportError:  # the `fast` extra is not installed: the standard library alone
        FAST_DECODER = None
    else:
        FAST_DECODER = msgspec.json.Decoder().decode
    return FAST_DECODER


def _load_fast_encoder() -> Callable[[Any], bytes] | None:
    """Import msgspec, if installed, and set :data:`FAST_ENCODER` (once)."""
    global FAST_ENCODER  # noqa: PLW0603 - a lazily set module constant
    try:
        import msgspec.json
    except ImportError:
        FAST_ENCODER = None
    else:
        FAST_ENCODER = msgspec.json.Encoder().encode
    return FAST_ENCODER


def __getattr__(name: str) -> Any:
    """``FAST_DECODER`` and ``FAST_ENCODER``, set on first use."""
    if name == "FAST_DECODER":
        return _load_fast_decoder()
    if name == "FAST_ENCODER":
        return _load_fast_encoder()
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def decode_json(
    text: str | bytes | bytearray, *, line: int | None = None
) -> tuple[Any, Issue | None]:
    """Decode JSON text: ``(document, None)``, or ``(None, issue)`` when it cannot be decoded.

    Args:
        text: The JSON text; bytes must be UTF-8 (RFC 8259), never guessed.
        line: The line the text starts at in a JSON Lines stream, reported in
            messages instead of the line within the text.

    """
    try:
        fast = FAST_DECODER
    except NameError:  # the first text: import msgspec now, if it is installed
        fast = _load_fast_decoder()
    if fast is not None:
        try:
            return fast(text), None
        except Exception:
            pass
    return standard_decode(text, line=line)


def standard_decode(
    text: str | bytes | bytearray, *, line: int | None = None
) -> tuple[Any, Issue | None]:
    """:func:`decode_json` with the standard library alone (the reference for the fast decoder)."""
    if not isinstance(text, str):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            message = f"not UTF-8: {error.reason} at byte {error.start}"
            return None, Issue("", MALFORMED, message)
    if text.startswith(_BOM):  # RFC 8259 lets a parser ignore a byte order mark
        text = text[1:]
    try:
        try:
            return json.loads(text), None
        except RecursionError:
            shallow, cuts = _shallow(text)
            try:
                return json.loads(shallow), None
            except json.JSONDecodeError as error:
                position = _original_position(error.pos, cuts)
                raise json.JSONDecodeError(error.msg, text, position) from None
    except json.JSONDecodeError as error:
        row = error.lineno if line is None else line
        message = f"malformed JSON at line {row} column {error.colno}: {error.msg}"
        return None, Issue("", MALFORMED, message)
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        return None, Issue("", MALFORMED, f"malformed JSON: {error}")


_BOM = "\ufeff"
"""A UTF-8 byte order mark, decoded: ignored at the start of a text (msgspec refuses it,
so a text that starts with one is decoded here, by the standard library)."""

_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _shallow(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with the contents of every container nested deeper than MAX_DEPTH cut out.

    A container whose JSON Pointer has ``MAX_DEPTH`` tokens is kept, empty: validating
    the result reports the same ``depth`` issues, at the same paths, as validating the
    whole document would. Returns the new text and the ``(start, length)`` of each cut.
    """
    kept: list[str] = []
    cuts: list[tuple[int, int]] = []
    level = 0
    position = 0
    cut_from: int | None = None
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            if level == MAX_DEPTH + 1 and cut_from is None:
                cut_from = match.end()
        elif token in "]}":
            if level == MAX_DEPTH + 1 and cut_from is not None:
                kept.append(text[position:cut_from])
                cuts.append((cut_from, match.start() - cut_from))
                position, cut_from = match.start(), None
            level -= 1
    if cut_from is not None:  # unbalanced: keep the cut open to the end, JSON will complain
        kept.append(text[position:cut_from])
        cuts.append((cut_from, len(text) - cut_from))
        position = len(text)
    kept.append(text[position:])
    return "".join(kept), cuts


def _original_position(position: int, cuts: list[tuple[int, int]]) -> int:
    """Map a position in :func:`_shallow`'s text back to the original text."""
    removed = 0
    for start, length in cuts:
        if start - removed > position:
            break
        removed += length
    return position + removed


# msgspec and the standard library write the same shortest digits of a float, but not
# always in the same notation: msgspec writes ``1e16`` where ``json.dumps`` writes
# ``1e+16`` (``1e-7``, ``1e-07``), and ``0.00001`` where it writes ``1e-05``. Every
# float they write differently has, in msgspec's output, a digit followed by ``e`` or
# ``0.0000``: either sends the value to the standard library (in a string too: a harmless
# false alarm), so the bytes are the same with the extra as without it.
_MSGSPEC_NOTATION = re.compile(rb"[0-9]e|0\.0000")


def encode_json(value: Any) -> bytes:
    """A JSON-ready value as compact UTF-8 JSON: the bytes of :func:`standard_encode`.

    With the ``fast`` extra, msgspec writes them (``tests/test_json_text_fast.py``
    proves the bytes equal), unless its output may hold a float it writes in another
    notation, or the value holds a lone surrogate, which it refuses.
    """
    try:
        fast = FAST_ENCODER
    except NameError:  # the first value: import msgspec now, if it is installed
        fast = _load_fast_encoder()
    if fast is not None:
        try:
            encoded = fast(value)
        except (TypeError, ValueError, OverflowError):  # a lone surrogate, or not JSON
            pass
        else:
            if _MSGSPEC_NOTATION.search(encoded) is None:
                return encoded
    return standard_encode(value)


def standard_encode(value: Any) -> bytes:
    """``json.dumps(value, separators=(",", ":"), ensure_ascii=False)`` as UTF-8 bytes.

    A text holding a lone surrogate (which UTF-8 cannot encode) is written with every
    non-ASCII character escaped instead (``ensure_ascii=True``): the same document.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")
