"""The reference walker: every issue of a JSON document, each at its JSON Pointer.

A check is compiled once per (class, options) from the class's field specs and
walks a payload in one pass, appending an :class:`Issue` per problem: it never
stops at the first one and never raises on bad input. It takes any JSON a program
may hold (``Mapping`` and ``list``/``str``/``int``/``float`` subclasses included),
and values of the page's ``object`` type are scanned iteratively, so depth cannot
exhaust the Python stack.

It is the reference the generated code (``generated.py``) is proven equal to, and
what reports the issues of a document the generated code has a doubt about. The
same compiled scalar checks run when a class is constructed by hand
(:func:`check_constructed`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs

from .._cache import BuildCache
from .._fields import (
    Array,
    ClassSpec,
    Enum,
    FieldSpec,
    Map,
    Object,
    Scalar,
    Shape,
    class_spec,
    documented_in_every_revision,
)
from .._options import MAX_DEPTH, Mode
from .._preview import json_type, preview
from .._report import ContractError, Issue, pointer_token
from .._revisions import ANY_REVISION, DEFAULT_REVISION
from .._rules import rules_for
from .constraints import FINITE, TYPES, limits_of
from .messages import (
    conflict_issue,
    depth_issue,
    enum_listing,
    key_issue,
    not_finite_issue,
    type_issue,
    unknown_enum_issue,
    unknown_field_issue,
)
from .prose import ReferenceRules

__all__ = [
    "Check",
    "Options",
    "check_constructed",
    "check_free_form",
    "checker",
    "compile_shape",
    "structuring",
]

Check = Callable[[Any, str, list[Issue]], None]
"""Check one value found at a JSON Pointer, appending issues to the list."""


@attrs.frozen
class Options:
    """What a check is compiled for."""

    mode: Mode
    check_formats: bool
    constructed: bool = False
    """Construction checks: nested objects are instances, already checked when built."""
    revision: str = DEFAULT_REVISION
    """The contract revision whose view of the classes is checked (resolved name)."""


_structuring: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "scenario_schema_structuring", default=False
)


@contextmanager
def structuring() -> Iterator[None]:
    """Skip construction checks while objects are built from a checked document."""
    token = _structuring.set(True)
    try:
        yield
    finally:
        _structuring.reset(token)


def compile_shape(shape: Shape, options: Options, *, secret: bool = False) -> Check:
    """The check of one value of a shape (objects: their class's check)."""
    if isinstance(shape, Scalar):
        return _scalar_check(shape, options, secret=secret)
    if isinstance(shape, Enum):
        return _enum_check(shape, options)
    if isinstance(shape, Array):
        return _array_check(shape, options)
    if isinstance(shape, Map):
        return _map_check(shape, options)
    if isinstance(shape, Object):
        if options.constructed:
            return _instance_check(shape)
        return _object_check(class_spec(shape.cls, options.revision), options)
    return check_free_form


def _scalar_check(shape: Scalar, options: Options, *, secret: bool) -> Check:
    accepts = TYPES[shape.kind].accepts
    number = shape.kind == "number"
    limits = tuple(limits_of(shape.constraints, check_formats=options.check_formats))
    if not number and not limits:  # most fields: a string or a boolean, nothing more
        return _type_check(shape, secret=secret)

    def check_scalar(value: Any, path: str, out: list[Issue]) -> None:
        if not accepts(value):
            out.append(type_issue(path, shape, value, secret=secret))
            return
        if number and not FINITE.accepts(value):
            out.append(not_finite_issue(path, value))
            return
        for limit, bound in limits:
            if not limit.holds(value, bound):
                out.append(Issue(path, limit.code, limit.words(value, bound, secret)))

    return check_scalar


def _type_check(shape: Scalar, *, secret: bool) -> Check:
    """The check of a value with nothing to check but its type."""
    accepts, instance_of = TYPES[shape.kind].accepts, TYPES[shape.kind].instance_of
    if instance_of is not None:

        def check_instance_of(value: Any, path: str, out: list[Issue]) -> None:
            if not isinstance(value, instance_of):
                out.append(type_issue(path, shape, value, secret=secret))

        return check_instance_of

    def check_type(value: Any, path: str, out: list[Issue]) -> None:
        if not accepts(value):
            out.append(type_issue(path, shape, value, secret=secret))

    return check_type


def _enum_check(shape: Enum, options: Options) -> Check:
    allowed = frozenset(shape.values)
    listing = enum_listing(shape.values)
    accepts = TYPES[shape.kind].accepts
    number = shape.kind == "number"
    lenient = options.mode == "lenient"

    def check_enum(value: Any, path: str, out: list[Issue]) -> None:
        if not accepts(value):
            out.append(type_issue(path, shape, value))
            return
        if number and not FINITE.accepts(value):
            out.append(not_finite_issue(path, value))
            return
        if value in allowed:
            return
        if lenient:
            out.append(unknown_enum_issue(path, value, listing))
        else:
            out.append(Issue(path, "enum", f"{preview(value)} is not one of {listing}"))

    return check_enum


def _array_check(shape: Array, options: Options) -> Check:
    item = shape.item
    if isinstance(item, Scalar) and item.kind == "string" and item.constraints.is_empty():
        return _string_array_check(shape)
    check_item = compile_shape(item, options)

    def check_array(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, list):
            out.append(type_issue(path, shape, value))
            return
        for index, item in enumerate(value):
            check_item(item, f"{path}/{index}", out)

    return check_array


def _string_array_check(shape: Array) -> Check:
    """The check of an array of plain strings (tags, ids), its items tested inline."""
    item = shape.item

    def check_strings(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, list):
            out.append(type_issue(path, shape, value))
            return
        for index, text in enumerate(value):
            if not isinstance(text, str):
                out.append(type_issue(f"{path}/{index}", item, text))

    return check_strings


def _map_check(shape: Map, options: Options) -> Check:
    check_value = compile_shape(shape.value, options)

    def check_map(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, Mapping):
            out.append(type_issue(path, shape, value))
            return
        for key, item in value.items():
            if not isinstance(key, str):
                out.append(key_issue(path, key))
                continue
            check_value(item, f"{path}/{pointer_token(key)}", out)

    return check_map


def _instance_check(shape: Object) -> Check:
    def check_instance(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, shape.cls):
            message = f"expected a {shape.cls.__name__}, got a Python {type(value).__name__}"
            out.append(Issue(path, "type", message))

    return check_instance


def check_free_form(value: Any, path: str, out: list[Issue]) -> None:
    """Check that a value is JSON (no NaN, no foreign types), iteratively, within MAX_DEPTH."""
    stack: list[tuple[Any, str, int]] = [(value, path, path.count("/"))]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, dict) or (
            not isinstance(item, (str, int, float, list)) and isinstance(item, Mapping)
        ):
            if depth >= MAX_DEPTH:
                out.append(depth_issue(where))
                continue
            pairs = item.items() if item.__class__ is dict else list(item.items())
            for key, child in reversed(pairs):
                if isinstance(key, str):
                    stack.append((child, f"{where}/{pointer_token(key)}", depth + 1))
                else:
                    out.append(key_issue(where, key))
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                out.append(depth_issue(where))
                continue
            stack.extend(
                (child, f"{where}/{index}", depth + 1)
                for index, child in reversed(list(enumerate(item)))
            )
        elif isinstance(item, float):
            if not FINITE.accepts(item):
                out.append(not_finite_issue(where, item))
        elif not (item is None or isinstance(item, (str, int))):
            message = f"expected a JSON value, got a Python {type(item).__name__}"
            out.append(Issue(where, "type", message))


def _object_check(spec: ClassSpec, options: Options) -> Check:
    """The check of one class's objects (built once per options; safe from any thread)."""
    return _OBJECT_CHECKS.get((spec.cls, options), _build_object_check)


def _build_object_check(key: tuple[type, Options]) -> Check:
    cls, options = key
    spec = class_spec(cls, options.revision)
    # Each field as the loop reads it: wire name, path token, required, nullable, shape, check.
    fields: list[tuple[str, str, bool, bool, Shape, Check]] = []
    documented = frozenset(spec.by_wire)
    exclusive = spec.exclusive
    rules = rules_for(cls, spec.by_wire)
    apply_rules = ReferenceRules(rules).apply if rules else None

    def check_object(value: Any, path: str, out: list[Issue]) -> None:
        # Issues come in a fixed order: documented fields in page order (a missing
        # required field at its place), then undocumented ones in document order,
        # then the fields given together, then the prose rules.
        if not isinstance(value, Mapping):
            out.append(Issue(path, "type", f"expected an object, got {json_type(value)}"))
            return
        start = len(out)
        seen = 0
        get = value.get
        for wire, token, required, nullable, shape, check in fields:
            item = get(wire, _MISSING)
            if item is _MISSING:
                if required:
                    message = f"required field {wire!r} is missing"
                    out.append(Issue(path + token, "required", message))
                continue
            seen += 1
            if item is None:
                if not nullable:
                    out.append(type_issue(path + token, shape, None))
            else:
                check(item, path + token, out)
        if seen != len(value):
            unknown_keys(value, documented, path, out)
        if exclusive and all(get(wire) is not None for wire in exclusive):
            out.append(conflict_issue(path, exclusive))
        if apply_rules is not None:
            apply_rules(value, path, out, start)

    # Registered (for this build only) before its fields are compiled, so that a class
    # reachable from itself terminates; published once complete (see _cache.py).
    _OBJECT_CHECKS.register(key, check_object)
    fields.extend(
        (
            field.wire,
            "/" + pointer_token(field.wire),
            field.required,
            field.nullable,
            field.shape,
            compile_shape(field.shape, options, secret=field.secret),
        )
        for field in spec.fields
    )
    return check_object


_OBJECT_CHECKS: BuildCache[tuple[type, Options], Check] = BuildCache()


_MISSING: Any = object()


def unknown_keys(
    value: Mapping[Any, Any], documented: frozenset[str], path: str, out: list[Issue]
) -> None:
    """Report the keys of an object that are not in ``documented``, in document order."""
    for key, item in value.items():
        if key in documented:
            continue
        if not isinstance(key, str):
            out.append(key_issue(path, key))
            continue
        where = f"{path}/{pointer_token(key)}"
        out.append(unknown_field_issue(where, key, documented))
        check_free_form(item, where, out)


def checker(
    cls: type,
    mode: Mode = "strict",
    *,
    check_formats: bool = False,
    revision: str = DEFAULT_REVISION,
) -> Check:
    """The reference check of a contract class's documents (compiled once, then cached)."""
    spec = class_spec(cls, revision)
    options = Options(mode=mode, check_formats=check_formats, revision=spec.revision)
    return _object_check(spec, options)


# --- construction checks ----------------------------------------------------------------


_CONSTRUCTION_CHECKS: BuildCache[type, tuple[tuple[FieldSpec, str, Check], ...]] = BuildCache()


def _construction_checks(cls: type) -> tuple[tuple[FieldSpec, str, Check], ...]:
    return _CONSTRUCTION_CHECKS.get(cls, _build_construction_checks)


def _build_construction_checks(cls: type) -> tuple[tuple[FieldSpec, str, Check], ...]:
    # An object holds no revision: it is checked against the union of them all.
    options = Options(mode="strict", check_formats=False, constructed=True, revision=ANY_REVISION)
    return tuple(
        (
            spec,
            "/" + pointer_token(spec.wire),
            compile_shape(spec.shape, options, secret=spec.secret),
        )
        for spec in class_spec(cls, ANY_REVISION).fields
    )


def check_constructed(obj: object) -> None:
    """Check an object built by hand against its declarations; raise with every issue.

    Raises:
        ContractError: when a field breaks its documented type or limits.

    """
    if _structuring.get():
        return
    out: list[Issue] = []
    for spec, token, check in _construction_checks(type(obj)):
        value = getattr(obj, spec.name)
        if value is None:
            if not spec.nullable:
                out.append(type_issue(token, spec.shape, None))
        else:
            check(value, token, out)
    spec_of_class = class_spec(type(obj), ANY_REVISION)
    by_wire = {spec.wire: spec.name for spec, _, _ in _construction_checks(type(obj))}
    exclusive = spec_of_class.exclusive
    if exclusive and all(getattr(obj, by_wire[wire]) is not None for wire in exclusive):
        out.append(conflict_issue("", exclusive))
    _check_extra(obj, spec_of_class, by_wire, out)
    if any(issue.severity == "error" for issue in out):
        raise ContractError(out)


def _check_extra(obj: object, spec: ClassSpec, by_wire: dict[str, str], out: list[Issue]) -> None:
    """Check the undocumented fields an object built by hand holds in ``extra``."""
    extra = getattr(obj, "extra", {})
    documented = spec.by_wire
    if not isinstance(extra, Mapping):
        out.append(Issue("", "type", f"extra must be an object, got {json_type(extra)}"))
        return
    # A field some revisions do not document is extra when loaded under them: it
    # may be, as long as its attribute does not hold a value too.
    always = documented_in_every_revision(type(obj))
    nulls: frozenset[str] = getattr(obj, "null_fields", frozenset())
    for key, value in extra.items():
        if not isinstance(key, str):
            out.append(key_issue("", key))
        elif key in documented and (
            key in always or key in nulls or getattr(obj, by_wire[key]) is not None
        ):
            out.append(
                Issue(f"/{pointer_token(key)}", "type", "a documented field cannot be extra")
            )
        else:
            check_free_form(value, f"/{pointer_token(key)}", out)
