"""The words of the engine's issues, shared by the reference walker and the generated code.

Both forms of every check append the same :class:`Issue` for the same problem: they
build it here. Issues are immutable, so the ones a valid document gets again and
again (an undocumented field at the same place) are made once and reused.
"""

from __future__ import annotations

import functools

from .._fields import Array, Enum, Map, Object, Scalar, Shape
from .._options import MAX_DEPTH
from .._preview import json_type, preview
from .._report import Issue
from .._typos import unknown_field_message

__all__ = [
    "conflict_issue",
    "depth_issue",
    "describe_shape",
    "enum_listing",
    "key_issue",
    "not_finite_issue",
    "type_issue",
    "unknown_enum_issue",
    "unknown_field_issue",
]

_ENUM_VALUES_SHOWN = 8
_CACHED_KEY_CHARS = 64
"""Longest key or value whose issue is kept for reuse (a field name is short)."""


def describe_shape(shape: Shape) -> str:
    """What a shape expects, in words: ``a number``, ``an array``..."""
    if isinstance(shape, (Scalar, Enum)):
        return {"string": "a string", "number": "a number", "boolean": "a boolean"}[shape.kind]
    if isinstance(shape, Array):
        return "an array"
    if isinstance(shape, (Map, Object)):
        return "an object"
    return "a JSON value"


def type_issue(path: str, shape: Shape, value: object, *, secret: bool = False) -> Issue:
    """A value of the wrong JSON type (a credential's value is never shown)."""
    shown = "" if secret or value is None else f" ({preview(value)})"
    return Issue(path, "type", f"expected {describe_shape(shape)}, got {json_type(value)}{shown}")


def key_issue(path: str, key: object) -> Issue:
    """An object key that is not a string."""
    return Issue(path, "type", f"object keys must be strings, got {json_type(key)} {preview(key)}")


def depth_issue(path: str) -> Issue:
    """A container nested deeper than :data:`MAX_DEPTH` levels from the root."""
    return Issue(path, "depth", f"nesting goes deeper than {MAX_DEPTH} levels")


def not_finite_issue(path: str, value: float) -> Issue:
    """NaN or an infinity where a JSON number is expected."""
    return Issue(path, "not-finite", f"expected a finite number, got {value!r}")


def conflict_issue(path: str, wires: tuple[str, ...]) -> Issue:
    """Fields the contract says not to give together (a warning: see docs/spec-notes.md)."""
    names = " and ".join(repr(wire) for wire in wires)
    return Issue(path, "conflict", f"{names} should not both be given", "warning")


def enum_listing(values: tuple[str | int | float, ...]) -> str:
    """An enum's values as a message names them: all of a few, or their count."""
    if len(values) <= _ENUM_VALUES_SHOWN:
        return ", ".join(repr(value) for value in values)
    return f"the {len(values)} documented values"


def unknown_enum_issue(path: str, value: object, listing: str) -> Issue:
    """A value the enum does not list, kept in lenient mode (a warning)."""
    if type(value) is str and len(value) <= _CACHED_KEY_CHARS:
        return _unknown_enum(path, value, listing)
    return _unknown_enum.__wrapped__(path, value, listing)


@functools.lru_cache(maxsize=1024)
def _unknown_enum(path: str, value: object, listing: str) -> Issue:
    return Issue(
        path, "unknown-enum", f"{preview(value)} is not one of {listing} (kept)", "warning"
    )


def unknown_field_issue(path: str, key: str, documented: frozenset[str]) -> Issue:
    """An undocumented field, kept (a warning; ``path`` is the field's own).

    ``documented`` is the object's wire names in the revision checked against: a key
    close to one of them ends its message with ``did you mean ...?`` (``_typos.py``).
    """
    if len(key) <= _CACHED_KEY_CHARS and len(path) <= 4 * _CACHED_KEY_CHARS:
        return _unknown_field(path, key, documented)
    return _unknown_field.__wrapped__(path, key, documented)


@functools.lru_cache(maxsize=4096)
def _unknown_field(path: str, key: str, documented: frozenset[str]) -> Issue:
    message = unknown_field_message(key, documented, preview(key))
    return Issue(path, "unknown-field", message, "warning")
