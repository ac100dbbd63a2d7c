"""Bounded words for values: what a message may show of a value, and its JSON type.

Every value a message shows goes through :func:`preview` (or :func:`format_number`),
so no message grows with the document. A foundation module: the engine, the
preflight, the diff and the converter all word values the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._options import MAX_DEPTH

__all__ = ["PREVIEW_CHARS", "format_number", "is_number", "json_type", "preview", "safe_repr"]

PREVIEW_CHARS = 40
"""Longest preview of an offending value in a message."""


def json_type(value: object) -> str:
    """The JSON type name of a value, or its Python type for a value JSON cannot hold.

    Any ``Mapping`` is an object and any ``list`` an array, subclasses included: what
    ``json.loads`` builds with an ``object_hook`` or ``object_pairs_hook`` is JSON
    too. A tuple is not (``json.loads`` never builds one).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return f"Python {type(value).__name__}"


def preview(value: object) -> str:
    """A short, one-line rendering of a value for a message; never raises.

    Every value a message shows goes through here (or :func:`format_number`), so
    no message grows with the document: strings are cut at :data:`PREVIEW_CHARS`
    characters, integers past 64 bits are given by their number of digits.
    """
    try:
        if isinstance(value, bool) or value is None:
            return json_type(value) if value is None else str(value).lower()
        if isinstance(value, int):
            if value.bit_length() > 64:
                return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
            return str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, str):
            if len(value) <= PREVIEW_CHARS:
                return repr(value)
            return repr(value[:PREVIEW_CHARS]) + f"... ({len(value)} characters)"
        if isinstance(value, list):
            return f"an array of {len(value)} items"
        if isinstance(value, Mapping):
            return f"an object of {len(value)} fields"
        return f"a Python {type(value).__name__}"
    except Exception:  # a hostile __repr__ or __len__ must not escape
        return "an unprintable value"


def format_number(number: float) -> str:
    """A bound or count as people write it: ``128``, not ``128.0``; bounded like :func:`preview`."""
    if isinstance(number, float):
        whole = number.is_integer() and abs(number) < 2**63
        return str(int(number)) if whole else repr(number)
    return preview(number)


def safe_repr(value: object) -> str:
    """``repr(value)``, except that it works for any JSON value, a 5000-digit integer included.

    Python refuses to turn an integer of more than 4300 digits into text; such an
    integer (at any depth of lists and dicts) is shown by its number of digits.
    """
    try:
        return repr(value)
    except ValueError:
        return _repr_without_huge_integers(value, 0)


def _repr_without_huge_integers(value: object, depth: int) -> str:
    if depth > MAX_DEPTH:
        return "..."
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return repr(value)
        except ValueError:
            return f"<{preview(value)}>"
    if isinstance(value, (list, tuple)):
        items = [_repr_without_huge_integers(item, depth + 1) for item in value]
        if isinstance(value, list):
            return "[" + ", ".join(items) + "]"
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{_repr_without_huge_integers(key, depth + 1)}:"
            f" {_repr_without_huge_integers(item, depth + 1)}"
            for key, item in value.items()
        )
        return f"{{{inner}}}"
    try:
        return repr(value)
    except Exception:  # a hostile __repr__ must not escape
        return f"<{preview(value)}>"


def is_number(value: object) -> bool:
    """A JSON number: an int or float, never a bool."""
    kind = type(value)
    if kind is int or kind is float:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool)
