"""Single-point mutations: a valid document with exactly one documented constraint broken.

Each :class:`Mutation` says where the library must report the break and with
which code. They are derived from the field specs, like everything else: the
bound that is broken is the declared bound, the enum is the declared literals.
The Hypothesis strategies draw from them, and the differential tests walk them.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from typing import Any

import attrs

from ._fields import AnyValue, Array, Enum, FieldSpec, Map, Object, Scalar, Shape, class_spec
from ._report import pointer
from ._revisions import DEFAULT_REVISION

__all__ = ["UNDOCUMENTED_KEY", "Break", "Mutation", "additions", "breaks", "mutations"]

_MISSING = object()


@attrs.frozen
class Mutation:
    """A document with exactly one constraint broken, and where it must be reported.

    Attributes:
        payload: The broken document (a fresh copy; the valid one is untouched).
        path: The JSON Pointer at which the error must be reported.
        code: The issue code it must be reported with.
    """

    payload: Any = attrs.field(repr=False)
    path: str
    code: str


@attrs.frozen
class _Slot:
    """A place in a document where a documented field sits (or could sit)."""

    tokens: tuple[str | int, ...]
    field: FieldSpec
    present: bool
    value: Any


def _slots(
    payload: Any, cls: type, revision: str, tokens: tuple[str | int, ...] = ()
) -> Iterator[_Slot]:
    if not isinstance(payload, dict):
        return
    for field in class_spec(cls, revision).fields:
        here = (*tokens, field.wire)
        value = payload.get(field.wire, _MISSING)
        yield _Slot(here, field, value is not _MISSING, value)
        if value is not _MISSING and value is not None:
            yield from _nested_slots(value, field.shape, here, revision)


def _nested_slots(
    value: Any, shape: Shape, tokens: tuple[str | int, ...], revision: str
) -> Iterator[_Slot]:
    if isinstance(shape, Object):
        yield from _slots(value, shape.cls, revision, tokens)
    elif isinstance(shape, Array) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nested_slots(item, shape.item, (*tokens, index), revision)
    elif isinstance(shape, Map) and isinstance(value, dict):
        for key, item in value.items():
            yield from _nested_slots(item, shape.value, (*tokens, key), revision)


def _wrong_type(shape: Shape) -> Any:
    """A value of another JSON type than the shape wants (never a coercible one)."""
    if isinstance(shape, (Scalar, Enum)):
        return {"string": 16, "number": "16", "boolean": "true"}[shape.kind]
    if isinstance(shape, Array):
        return "not an array"
    return ["not", "an", "object"]


def _broken_values(field: FieldSpec, value: Any) -> Iterator[tuple[Any, str, str]]:
    """(replacement, pointer suffix, code) for each single break of one present field."""
    shape = field.shape
    if isinstance(shape, AnyValue):
        yield [math.nan], "/0", "not-finite"
        return
    yield _wrong_type(shape), "", "type"
    if not field.nullable:
        yield None, "", "type"
    if isinstance(shape, Scalar) and shape.kind == "number":
        yield True, "", "type"  # a boolean posing as a number
        yield math.nan, "", "not-finite"
        yield math.inf, "", "not-finite"
        limits = shape.constraints
        if limits.minimum is not None:
            yield limits.minimum - 1, "", "minimum"
        if limits.exclusive_minimum is not None:
            yield limits.exclusive_minimum, "", "exclusiveMinimum"
        if limits.maximum is not None and limits.maximum + 1 > limits.maximum:
            yield limits.maximum + 1, "", "maximum"
    if isinstance(shape, Scalar) and shape.kind == "string" and shape.constraints.max_length:
        yield "x" * (shape.constraints.max_length + 1), "", "maxLength"
    if isinstance(shape, Enum):
        yield ("zz-undocumented" if shape.kind == "string" else 12345), "", "enum"
    if isinstance(shape, Array) and isinstance(value, list) and value:
        item = shape.item
        if isinstance(item, (Scalar, Enum, Array, Map, Object)):
            yield [_wrong_type(item), *value[1:]], "/0", "type"
        if isinstance(item, Enum):
            wrong = "zz-undocumented" if item.kind == "string" else 12345
            yield [wrong, *value[1:]], "/0", "enum"


def _with(payload: Any, tokens: tuple[str | int, ...], value: Any) -> Any:
    """A deep copy of ``payload`` with the value at ``tokens`` replaced (or removed)."""
    broken = copy.deepcopy(payload)
    container = broken
    for token in tokens[:-1]:
        container = container[token]
    if value is _MISSING:
        del container[tokens[-1]]
    else:
        container[tokens[-1]] = value
    return broken


@attrs.frozen
class Break:
    """One way to break a document: what to put where, and how it must be reported."""

    tokens: tuple[str | int, ...]
    value: Any
    path: str
    code: str

    def apply(self, payload: Any) -> Mutation:
        """The broken copy of ``payload``."""
        return Mutation(_with(payload, self.tokens, self.value), self.path, self.code)


def breaks(payload: Any, cls: type, revision: str = DEFAULT_REVISION) -> list[Break]:
    """Every single-point break of a valid document of ``cls`` in a revision, in document order.

    Removes each present required field; replaces each present field with a value
    of the wrong type, ``null`` (where not allowed), a boolean or NaN or Infinity
    for a number, a value just past each bound, an over-long string, an
    undocumented enum value; breaks the first item of each list the same ways.
    Nothing is copied until a break is applied.
    """
    found = []
    for slot in _slots(payload, cls, revision):
        if not slot.present:
            continue
        where = pointer(*slot.tokens)
        if slot.field.required:
            found.append(Break(slot.tokens, _MISSING, where, "required"))
        for value, suffix, code in _broken_values(slot.field, slot.value):
            found.append(Break(slot.tokens, value, where + suffix, code))
    return found


def mutations(payload: Any, cls: type, revision: str = DEFAULT_REVISION) -> Iterator[Mutation]:
    """Every single-point mutation of a valid document of ``cls`` (see :func:`breaks`)."""
    for candidate in breaks(payload, cls, revision):
        yield candidate.apply(payload)


UNDOCUMENTED_KEY = "zzUndocumented"
"""The key :func:`additions` adds: no revision documents it."""


def additions(payload: Any, cls: type, revision: str = DEFAULT_REVISION) -> Iterator[Mutation]:
    """The document with one undocumented key added to one of its contract objects, each.

    Not a break by default (an ``unknown-field`` warning), an error with
    ``forbid_unknown``: what a closed schema must agree on. Free-form values are
    not contract objects and get none.
    """
    for tokens in _objects(payload, cls, revision, ()):
        yield Mutation(
            _with(payload, (*tokens, UNDOCUMENTED_KEY), 1),
            pointer(*tokens, UNDOCUMENTED_KEY),
            "unknown-field",
        )


def _objects(
    payload: Any, cls: type, revision: str, tokens: tuple[str | int, ...]
) -> Iterator[tuple[str | int, ...]]:
    """The tokens of every contract object in a document, the root first."""
    if not isinstance(payload, dict):
        return
    yield tokens
    for slot in _slots(payload, cls, revision, tokens):
        if slot.present and slot.tokens[:-1] == tokens:
            yield from _nested_objects(slot.value, slot.field.shape, slot.tokens, revision)


def _nested_objects(
    value: Any, shape: Shape, tokens: tuple[str | int, ...], revision: str
) -> Iterator[tuple[str | int, ...]]:
    if isinstance(shape, Object):
        yield from _objects(value, shape.cls, revision, tokens)
    elif isinstance(shape, Array) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nested_objects(item, shape.item, (*tokens, index), revision)
    elif isinstance(shape, Map) and isinstance(value, dict):
        for key, item in value.items():
            yield from _nested_objects(item, shape.value, (*tokens, key), revision)
