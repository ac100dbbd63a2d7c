"""What changed between two contract revisions, and whom each change breaks.

The two revisions' views of the classes (``_fields.class_spec``) are walked side
by side from each document the API exchanges; every difference becomes a
:class:`Change` at a path pattern on wire names (``*`` for array items and map
values). A change *breaks* a party when some document shows it:

- ``consumer``: a document valid in strict mode under the new revision (and with
  no undocumented field) is invalid under the old one: code pinned to the old
  revision rejects new documents (a value added, a bound widened);
- ``producer``: a document valid in strict mode under the old revision (and with
  no undocumented field) is invalid under the new one: what was allowed is now
  refused (a value removed, a bound narrowed, a field made required).

An optional field added or removed breaks no one: it only moves a field between
documented and ``unknown-field`` (a warning). ``tests/test_diff.py`` proves the
classification with a witness document for every party a change breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from ._engine import describe_shape
from ._fields import (
    JSON_KEYWORDS,
    AnyValue,
    Array,
    ClassSpec,
    Constraints,
    Enum,
    FieldSpec,
    Map,
    Object,
    Scalar,
    class_spec,
)
from ._fields import Shape as _Shape
from ._preview import format_number
from ._report import pointer_token
from ._revisions import Revision, resolve_revision
from .models import SCHEMAS, SchemaName

__all__ = ["CHANGE_KINDS", "DOCUMENTS", "PARTIES", "Change", "Diff", "Party", "diff", "diff_views"]

Party = Literal["consumer", "producer"]
PARTIES: tuple[Party, ...] = ("consumer", "producer")
"""Who a change can break: code that reads the documents, code that writes them."""

CHANGE_KINDS: tuple[str, ...] = (
    "field-added",
    "field-removed",
    "value-added",
    "value-removed",
    "bound-changed",
    "requirement-changed",
    "type-changed",
)
"""The kinds of change, in the order a change list names them."""

DOCUMENTS: tuple[SchemaName, ...] = ("train-action-response", "train-action-params")
"""The documents the API exchanges (``model`` and ``model-parameters`` are inside the first)."""

View = Callable[[type], ClassSpec]
"""A revision's view of the classes: a class in, its :class:`ClassSpec` out."""


@attrs.frozen
class Change:
    """One difference between two revisions, where it is and whom it breaks.

    Attributes:
        schema: The document it is in (``train-action-response``...).
        path: A JSON Pointer pattern on wire names, ``*`` for array items and map values.
        kind: One of :data:`CHANGE_KINDS`.
        description: One line a person understands.
        breaks: The parties it breaks (see the module docstring), possibly none.
        before: What the old revision says (values, bounds, type), when that is data.
        after: What the new revision says.
    """

    schema: str
    path: str
    kind: str
    description: str
    breaks: tuple[Party, ...]
    before: Any = None
    after: Any = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with stable key order."""
        return {
            "schema": self.schema,
            "path": self.path,
            "kind": self.kind,
            "description": self.description,
            "breaks": list(self.breaks),
            "before": self.before,
            "after": self.after,
        }


@attrs.frozen
class Diff:
    """Every change from one revision to another, in document order."""

    from_revision: str
    to_revision: str
    changes: tuple[Change, ...]

    def breaking(self, party: Party) -> tuple[Change, ...]:
        """The changes that break a party."""
        return tuple(change for change in self.changes if party in change.breaks)

    def to_json(self) -> dict[str, Any]:
        """A stable JSON document."""
        return {
            "from": self.from_revision,
            "to": self.to_revision,
            "changes": [change.to_json() for change in self.changes],
        }


def diff(from_revision: Revision, to_revision: Revision) -> Diff:
    """Every change of the contract from one revision to another, with whom it breaks.

    Raises:
        ValueError: for an unknown revision.
    """
    old, new = resolve_revision(from_revision), resolve_revision(to_revision)
    roots: dict[str, type] = {name: SCHEMAS[name] for name in DOCUMENTS}
    changes = diff_views(lambda cls: class_spec(cls, old), lambda cls: class_spec(cls, new), roots)
    return Diff(old, new, changes)


def diff_views(old: View, new: View, roots: Mapping[str, type]) -> tuple[Change, ...]:
    """The changes between two views of the classes, from each root document."""
    changes: list[Change] = []
    for schema, cls in roots.items():
        _Walk(schema, old, new, changes).classes(cls, cls, "")
    return tuple(changes)


@attrs.define
class _Walk:
    schema: str
    old: View
    new: View
    out: list[Change]

    def add(
        self,
        path: str,
        kind: str,
        description: str,
        breaks: tuple[Party, ...],
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.out.append(Change(self.schema, path, kind, description, breaks, before, after))

    def classes(self, old_cls: type, new_cls: type, path: str) -> None:
        before, after = self.old(old_cls).by_wire, self.new(new_cls).by_wire
        for wire in _merged(list(before), list(after)):
            here = f"{path}/{pointer_token(wire)}"
            if wire not in after:
                self.removed(here, before[wire])
            elif wire not in before:
                self.added(here, after[wire])
            else:
                self.fields(here, before[wire], after[wire])

    def added(self, path: str, field: FieldSpec) -> None:
        # An optional field is at worst an undocumented one (a warning) to old code.
        breaks: tuple[Party, ...] = ("producer",) if field.required else ()
        what = _field_words(field)
        self.add(path, "field-added", f"{field.wire!r} added: {what}", breaks, after=what)

    def removed(self, path: str, field: FieldSpec) -> None:
        breaks: tuple[Party, ...] = ("consumer",) if field.required else ()
        what = _field_words(field)
        self.add(path, "field-removed", f"{field.wire!r} removed (was {what})", breaks, what)

    def fields(self, path: str, old: FieldSpec, new: FieldSpec) -> None:
        if (old.required, old.nullable) != (new.required, new.nullable):
            producer = (new.required and not old.required) or (old.nullable and not new.nullable)
            consumer = (old.required and not new.required) or (new.nullable and not old.nullable)
            before, after = _presence(old), _presence(new)
            self.add(
                path,
                "requirement-changed",
                f"{old.wire!r}: {before} -> {after}",
                _parties(consumer=consumer, producer=producer),
                before,
                after,
            )
        self.shapes(path, old.shape, new.shape)

    def shapes(self, path: str, old: _Shape, new: _Shape) -> None:
        if isinstance(old, Object) and isinstance(new, Object):
            self.classes(old.cls, new.cls, path)
        elif isinstance(old, Array) and isinstance(new, Array):
            self.shapes(f"{path}/*", old.item, new.item)
        elif isinstance(old, Map) and isinstance(new, Map):
            self.shapes(f"{path}/*", old.value, new.value)
        elif isinstance(old, AnyValue) and isinstance(new, AnyValue):
            return
        elif isinstance(old, Enum) and isinstance(new, Enum) and old.kind == new.kind:
            self.values(path, old.values, new.values)
        elif isinstance(old, Scalar) and isinstance(new, Scalar) and old.kind == new.kind:
            self.bounds(path, old.constraints, new.constraints)
        elif isinstance(old, (Enum, Scalar)) and isinstance(new, (Enum, Scalar)):
            if old.kind == new.kind:  # listed values <-> any value of the type
                if isinstance(new, Scalar):
                    self.add(path, "value-added", f"any {new.kind} now", ("consumer",))
                else:
                    self.add(path, "value-removed", "only the listed values now", ("producer",))
            else:
                self.retyped(path, old, new)
        else:
            self.retyped(path, old, new)

    def values(
        self, path: str, old: tuple[str | int | float, ...], new: tuple[str | int | float, ...]
    ) -> None:
        added = [value for value in new if value not in old]
        removed = [value for value in old if value not in new]
        if added:
            words = f"{_count(len(added), 'value')} added: {_listed(added)}"
            self.add(path, "value-added", words, ("consumer",), after=added)
        if removed:
            words = f"{_count(len(removed), 'value')} removed: {_listed(removed)}"
            self.add(path, "value-removed", words, ("producer",), before=removed)

    def bounds(self, path: str, old: Constraints, new: Constraints) -> None:
        before, after = old.keywords(), new.keywords()
        if before == after:
            return
        changed = [key for key in JSON_KEYWORDS.values() if before.get(key) != after.get(key)]
        words = "; ".join(
            f"{key} {_bound(before.get(key))} -> {_bound(after.get(key))}" for key in changed
        )
        self.add(
            path,
            "bound-changed",
            words,
            _parties(consumer=_admits_more(new, old), producer=_admits_more(old, new)),
            {key: before[key] for key in changed if key in before},
            {key: after[key] for key in changed if key in after},
        )

    def retyped(self, path: str, old: _Shape, new: _Shape) -> None:
        old_types, new_types = _json_types(old), _json_types(new)
        same = old_types == new_types
        self.add(
            path,
            "type-changed",
            f"{describe_shape(old)} -> {describe_shape(new)}",
            _parties(
                consumer=same or bool(new_types - old_types),
                producer=same or bool(old_types - new_types),
            ),
            describe_shape(old),
            describe_shape(new),
        )


def _admits_more(wide: Constraints, narrow: Constraints) -> bool:
    """Whether some value within ``wide``'s limits is outside ``narrow``'s.

    Formats aside: strict validation does not check them unless asked.
    """

    def low(limits: Constraints) -> tuple[float, bool] | None:
        if limits.minimum is not None:
            return (limits.minimum, False)
        if limits.exclusive_minimum is not None:
            return (limits.exclusive_minimum, True)
        return None

    wide_low, narrow_low = low(wide), low(narrow)
    if narrow_low is not None and (wide_low is None or wide_low < narrow_low):
        return True  # (1, False) < (1, True): an inclusive bound admits the bound itself
    if narrow.maximum is not None and (wide.maximum is None or wide.maximum > narrow.maximum):
        return True
    return narrow.max_length is not None and (
        wide.max_length is None or wide.max_length > narrow.max_length
    )


def _json_types(shape: _Shape) -> frozenset[str]:
    if isinstance(shape, (Scalar, Enum)):
        return frozenset({shape.kind})
    if isinstance(shape, Array):
        return frozenset({"array"})
    if isinstance(shape, (Map, Object)):
        return frozenset({"object"})
    return frozenset({"string", "number", "boolean", "array", "object"})


def _parties(*, consumer: bool, producer: bool) -> tuple[Party, ...]:
    return tuple(party for party, hit in zip(PARTIES, (consumer, producer), strict=True) if hit)


def _merged(first: list[str], second: list[str]) -> list[str]:
    """The names of both lists, each once, in the order of either (``first`` wins ties)."""
    merged = list(first)
    for index, name in enumerate(second):
        if name in merged:
            continue
        previous = next((n for n in reversed(second[:index]) if n in merged), None)
        merged.insert(0 if previous is None else merged.index(previous) + 1, name)
    return merged


def _field_words(field: FieldSpec) -> str:
    presence = "required" if field.required else "optional"
    return f"{presence} {_shape_words(field.shape)}"


def _shape_words(shape: _Shape) -> str:
    """A shape in a few words: ``string, date-time``, ``map of ModelUiConfigOutputProperties``."""
    if isinstance(shape, Object):
        return f"object {shape.cls.__name__}"
    if isinstance(shape, Array):
        return f"array of {_shape_words(shape.item)}"
    if isinstance(shape, Map):
        return f"map of {_shape_words(shape.value)}"
    if isinstance(shape, AnyValue):
        return "JSON value"
    words = describe_shape(shape).split(" ", 1)[1]  # "a string" -> "string"
    if isinstance(shape, Enum):
        return f"{words} enum"
    if shape.constraints.format:
        words += f", {shape.constraints.format}"
    return words


def _presence(field: FieldSpec) -> str:
    if field.required:
        return "required"
    return "optional, nullable" if field.nullable else "optional"


def _bound(value: Any) -> str:
    if value is None:
        return "none"
    return format_number(value) if isinstance(value, (int, float)) else str(value)


_SHOWN = 6


def _listed(values: list[Any]) -> str:
    shown = ", ".join(repr(value) for value in values[:_SHOWN])
    return shown + (f" and {len(values) - _SHOWN} more" if len(values) > _SHOWN else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
