"""Field declarations, and the field specs derived from them.

Each documented field is declared once, in ``models.py``: an ``attrs.field``
whose metadata comes from :func:`declare` (its description, its bounds, its
length limit, its format and whether it holds a credential). Its type annotation
gives its JSON shape and its enum literals. :func:`class_spec` turns a class
into the :class:`ClassSpec` that the validator, the converter, the JSON Schema
generator and the Hypothesis strategies all read, so no number, literal or wire
name is written twice.

A declaration also says in which contract revisions it holds (``added``,
``removed``) and how its bounds changed (``revised``); literal values say it in
``literals.py``. ``class_spec(cls, revision)`` is the view of one revision: the
fields that hold in it, with its bounds and its enum values (``_revisions.py``).
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union

import attrs

from ._cache import BuildCache
from ._revisions import (
    ALWAYS,
    ANY_REVISION,
    DEFAULT_REVISION,
    REVISIONS,
    Lifespan,
    resolve_revision,
    value_lifespan,
)

__all__ = [
    "AnyValue",
    "Array",
    "ClassSpec",
    "Constraints",
    "Declaration",
    "Enum",
    "FieldSpec",
    "Map",
    "Object",
    "Scalar",
    "Shape",
    "class_spec",
    "declare",
    "documented_in_every_revision",
    "redacted",
    "wire_name",
]

METADATA_KEY = "scenario_schema"
"""The key of our :class:`Declaration` in ``attrs`` field metadata."""

Format = Literal["date-time"]


@attrs.frozen
class Constraints:
    """The documented limits of one scalar field; ``None`` is "no limit"."""

    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    max_length: int | None = None
    format: Format | None = None

    def is_empty(self) -> bool:
        """Whether no limit is declared."""
        return self == _NO_CONSTRAINTS

    def keywords(self) -> dict[str, int | float | str]:
        """The JSON Schema keywords of the limits that are set (``exclusiveMinimum``...)."""
        found: dict[str, int | float | str] = {}
        for attribute, keyword in JSON_KEYWORDS.items():
            value = getattr(self, attribute)
            if value is not None:
                found[keyword] = value
        return found


JSON_KEYWORDS = {
    "minimum": "minimum",
    "exclusive_minimum": "exclusiveMinimum",
    "maximum": "maximum",
    "max_length": "maxLength",
    "format": "format",
}
"""Each limit of :class:`Constraints`, by attribute, and its JSON Schema keyword (its code)."""


_NO_CONSTRAINTS = Constraints()


@attrs.frozen
class Declaration:
    """What the page says about a field beyond its type: stored in attrs metadata."""

    doc: str
    wire: str | None
    constraints: Constraints
    secret: bool
    lifespan: Lifespan = ALWAYS
    """The revisions the field holds in."""
    revised: tuple[tuple[str, Constraints], ...] = ()
    """The field's limits from a revision on, oldest first (before the first: ``constraints``)."""

    def constraints_in(self, revision: str) -> Constraints:
        """The field's limits in a revision; in the union, the loosest of them."""
        if revision == ANY_REVISION:
            return _loosest(
                [self.constraints_in(name) for name in REVISIONS if self.lifespan.holds_in(name)]
            )
        index = REVISIONS.index(revision)
        limits = self.constraints
        for since, revised in self.revised:
            if REVISIONS.index(since) <= index:
                limits = revised
        return limits


_REVISABLE = frozenset({"minimum", "maximum", "exclusive_minimum", "max_length", "format"})


def declare(
    doc: str,
    *,
    wire: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    max_length: int | None = None,
    format: Format | None = None,
    secret: bool = False,
    added: str | None = None,
    removed: str | None = None,
    revised: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Declaration]:
    """The ``attrs.field`` metadata that declares a field's description and limits.

    A field is required when it has no default and optional (absent or null) when
    its annotation is ``X | None`` and its default ``None``; :func:`class_spec`
    refuses any other combination.

    Args:
        doc: The page's description of the field (first sentence).
        wire: The JSON name, only where it is not the camelCase of the attribute name.
        minimum: Inclusive lower bound.
        maximum: Inclusive upper bound.
        exclusive_minimum: Exclusive lower bound.
        max_length: Longest string allowed, in characters.
        format: A string format, checked only on request (see ``docs/spec-notes.md``).
        secret: A credential: its value never appears in a message; the field must
            also be given ``repr=redacted``.
        added: The revision that documents the field first (default: the first one).
        removed: The first revision that no longer documents it.
        revised: Limits that change from a revision on, by revision: the keywords
            above that change (``{"sdk-2.4": {"maximum": 8}}``); the others carry over.

    Raises:
        ValueError: for an unknown revision or a limit that cannot be revised.
    """
    limits = Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=exclusive_minimum,
        max_length=max_length,
        format=format,
    )
    changes: list[tuple[str, Constraints]] = []
    current = limits
    for name in revised or {}:
        if name not in REVISIONS:  # a declaration names its revision, never `latest`
            msg = f"unknown revision {name!r}; known: {', '.join(REVISIONS)}"
            raise ValueError(msg)
    for revision, changed in sorted((revised or {}).items(), key=lambda i: REVISIONS.index(i[0])):
        unknown = set(changed) - _REVISABLE
        if unknown:
            allowed = ", ".join(sorted(_REVISABLE))
            msg = f"cannot revise {', '.join(sorted(unknown))}; only {allowed}"
            raise ValueError(msg)
        current = attrs.evolve(current, **changed)
        changes.append((revision, current))
    declaration = Declaration(
        doc=doc,
        wire=wire,
        constraints=limits,
        secret=secret,
        lifespan=Lifespan(added=added, removed=removed),
        revised=tuple(changes),
    )
    return {METADATA_KEY: declaration}


def _loosest(options: list[Constraints]) -> Constraints:
    """The limits that admit every value one of ``options`` admits."""
    if len(options) == 1:
        return options[0]
    lows: list[tuple[float, bool]] = []
    for limits in options:
        if limits.minimum is not None:
            lows.append((limits.minimum, False))
        elif limits.exclusive_minimum is not None:
            lows.append((limits.exclusive_minimum, True))
    low = min(lows) if len(lows) == len(options) else None
    maxima = [limits.maximum for limits in options]
    lengths = [limits.max_length for limits in options]
    formats = {limits.format for limits in options}
    return Constraints(
        minimum=low[0] if low is not None and not low[1] else None,
        exclusive_minimum=low[0] if low is not None and low[1] else None,
        maximum=None if None in maxima else max(m for m in maxima if m is not None),
        max_length=None if None in lengths else max(n for n in lengths if n is not None),
        format=formats.pop() if len(formats) == 1 else None,
    )


def redacted(value: object) -> str:
    """The repr of a credential field: whether it is set, never its value."""
    return "None" if value is None else "'<redacted>'"


_CAMEL_BOUNDARY = re.compile(r"_([a-z0-9])")


def wire_name(attribute: str) -> str:
    """The camelCase wire name of a snake_case attribute (``class_`` is ``class``)."""
    return _CAMEL_BOUNDARY.sub(lambda match: match.group(1).upper(), attribute.rstrip("_"))


# --- shapes: the JSON form of a type annotation ----------------------------------------


@attrs.frozen
class Scalar:
    """A JSON string, number or boolean, with its declared limits."""

    kind: Literal["string", "number", "boolean"]
    constraints: Constraints = _NO_CONSTRAINTS


@attrs.frozen
class Enum:
    """One of the literal values of a ``Literal`` type, all strings or all numbers."""

    kind: Literal["string", "number"]
    values: tuple[str | int | float, ...]


@attrs.frozen
class Array:
    """A JSON array of items of one shape."""

    item: Shape


@attrs.frozen
class Map:
    """A JSON object with free keys and values of one shape (``Dict[str, X]``)."""

    value: Shape


@attrs.frozen
class Object:
    """A JSON object described by one of the contract's classes."""

    cls: type


@attrs.frozen
class AnyValue:
    """Any JSON value (the page's ``object``)."""


Shape = Union[Scalar, Enum, Array, Map, Object, AnyValue]  # noqa: UP007 - a runtime alias


@attrs.frozen
class FieldSpec:
    """Everything the library knows about one field, derived from its declaration."""

    name: str
    wire: str
    shape: Shape
    required: bool
    nullable: bool
    doc: str
    secret: bool


@attrs.frozen
class ClassSpec:
    """The derived view of one contract class: its fields in page order."""

    cls: type
    doc: str
    fields: tuple[FieldSpec, ...]
    exclusive: tuple[str, ...] = ()
    """Wire names of fields that may not all be given (present and not null) together."""
    revision: str = DEFAULT_REVISION
    """The revision this is the view of."""

    @functools.cached_property
    def by_wire(self) -> dict[str, FieldSpec]:
        """Fields by their wire name."""
        return {spec.wire: spec for spec in self.fields}


# Attributes of the contract base class that carry wire state, not documented fields.
WIRE_STATE_ATTRIBUTES = frozenset({"extra", "null_fields"})


_CLASS_SPECS: BuildCache[tuple[type, str], ClassSpec] = BuildCache()


def class_spec(cls: type, revision: str = DEFAULT_REVISION) -> ClassSpec:
    """The :class:`ClassSpec` of a contract class in a revision, derived once from its declarations.

    The default is the newest revision's view. A revision's view holds the fields that hold
    in it, with its limits and its enum values; ``latest`` is the newest revision.

    Raises:
        ValueError: for an unknown revision.
    """
    return _CLASS_SPECS.get((cls, revision), _derive_view)


def _derive_view(key: tuple[type, str]) -> ClassSpec:
    """A view by its name as given: ``latest`` is the same object as the revision it names."""
    cls, revision = key
    resolved = revision if revision == ANY_REVISION else resolve_revision(revision)
    if resolved != revision:
        return class_spec(cls, resolved)
    return _derive_class_spec(cls, resolved)


_EVERY_REVISION: dict[type, frozenset[str]] = {}


def documented_in_every_revision(cls: type) -> frozenset[str]:
    """Wire names of the fields of a class that every revision documents."""
    found = _EVERY_REVISION.get(cls)
    if found is None:
        views = [set(class_spec(cls, revision).by_wire) for revision in REVISIONS]
        found = _EVERY_REVISION[cls] = frozenset(set.intersection(*views))
    return found


def _derive_class_spec(cls: type, revision: str) -> ClassSpec:
    hints = typing.get_type_hints(cls)
    specs = []
    for attribute in attrs.fields(cls):
        if attribute.name in WIRE_STATE_ATTRIBUTES:
            continue
        declaration = attribute.metadata.get(METADATA_KEY)
        if not isinstance(declaration, Declaration):
            msg = f"{cls.__name__}.{attribute.name} has no declare() metadata"
            raise TypeError(msg)
        if declaration.secret != (attribute.repr is redacted):
            msg = f"{cls.__name__}.{attribute.name}: a secret field takes repr=redacted"
            raise TypeError(msg)
        annotation, nullable = _strip_none(hints[attribute.name])
        is_required = attribute.default is attrs.NOTHING
        if is_required == nullable or not (is_required or attribute.default is None):
            msg = f"{cls.__name__}.{attribute.name}: Optional[...] goes with default=None"
            raise TypeError(msg)
        if is_required and declaration.lifespan != ALWAYS:
            msg = f"{cls.__name__}.{attribute.name}: a field of some revisions only is Optional"
            raise TypeError(msg)
        if not declaration.lifespan.holds_in(revision):
            continue
        limits = declaration.constraints_in(revision)
        specs.append(
            FieldSpec(
                name=attribute.name,
                wire=declaration.wire or wire_name(attribute.name),
                shape=_shape(annotation, limits, where=attribute.name, revision=revision),
                required=is_required,
                nullable=nullable,
                doc=declaration.doc,
                secret=declaration.secret,
            )
        )
    wires = {spec.name: spec.wire for spec in specs}
    names = getattr(cls, "mutually_exclusive", ())
    exclusive = tuple(wires[name] for name in names) if all(n in wires for n in names) else ()
    return ClassSpec(
        cls=cls,
        doc=(cls.__doc__ or "").strip(),
        fields=tuple(specs),
        exclusive=exclusive,
        revision=revision,
    )


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    """Split ``X | None`` into ``X`` and whether ``None`` was allowed."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = tuple(arg for arg in args if arg is not type(None))
        if len(rest) == 1:
            return rest[0], len(rest) != len(args)
    return annotation, False


def _shape(annotation: Any, constraints: Constraints, *, where: str, revision: str) -> Shape:
    """The JSON shape of a type annotation; limits go on the scalar they bound."""
    origin = typing.get_origin(annotation)
    scalar_kinds: dict[Any, Literal["string", "number", "boolean"]] = {
        str: "string",
        float: "number",
        int: "number",
        bool: "boolean",
    }
    if annotation in scalar_kinds:
        return Scalar(kind=scalar_kinds[annotation], constraints=constraints)
    if not constraints.is_empty():
        msg = f"{where}: limits can only be declared on a string or number field"
        raise TypeError(msg)
    if origin is Literal:
        values = tuple(
            value
            for value in typing.get_args(annotation)
            if value_lifespan(annotation, value).holds_in(revision)
        )
        if all(isinstance(value, str) for value in values):
            return Enum(kind="string", values=values)
        if all(type(value) in (int, float) for value in values):
            return Enum(kind="number", values=values)
        msg = f"{where}: a Literal must hold only strings or only numbers"
        raise TypeError(msg)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return Array(item=_shape(item, constraints, where=where, revision=revision))
    if origin is dict:
        key, value = typing.get_args(annotation)
        if key is not str:
            msg = f"{where}: JSON object keys are strings"
            raise TypeError(msg)
        return Map(value=_shape(value, constraints, where=where, revision=revision))
    if annotation is object or annotation is Any:
        return AnyValue()
    if isinstance(annotation, type) and attrs.has(annotation):
        return Object(cls=annotation)
    msg = f"{where}: no JSON shape for {annotation!r}"
    raise TypeError(msg)
