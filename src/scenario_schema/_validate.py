"""The document walker: every issue of a JSON document, each at its JSON Pointer.

A checker is compiled once per (class, options) from the class's field specs
and walks a payload in one pass, appending an :class:`Issue` per problem: it
never stops at the first one and never raises on bad input. Values of the
page's ``object`` type are scanned iteratively, so depth cannot exhaust the
Python stack. The same compiled scalar checks run when a class is constructed
by hand (:func:`check_constructed`).
"""

from __future__ import annotations

import contextvars
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

import attrs

from ._cache import BuildCache
from ._fields import (
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
from ._report import ContractError, Issue, pointer_token
from ._revisions import ANY_REVISION, DEFAULT_REVISION
from ._rules import rules_for
from ._typos import unknown_field_message

__all__ = [
    "MAX_DEPTH",
    "Mode",
    "checker",
    "describe_shape",
    "json_type",
    "preview",
    "safe_repr",
    "structuring",
]

Mode = Literal["strict", "lenient"]
MODES: tuple[Mode, ...] = ("strict", "lenient")

MAX_DEPTH = 128
"""Deepest nesting of a document, counted from its root; deeper values are a ``depth`` error."""

PREVIEW_CHARS = 40
"""Longest preview of an offending value in a message."""

_ENUM_VALUES_SHOWN = 8

Check = Callable[[Any, str, list[Issue]], None]
"""Check one value found at a JSON Pointer, appending issues to the list."""

# RFC 3339 date-time (the JSON Schema "date-time" format), checked only on request.
_DATE_TIME = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
)

_structuring: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "scenario_schema_structuring", default=False
)


@contextmanager
def structuring() -> Iterator[None]:
    """Skip construction checks while ``load`` builds objects from a checked document."""
    token = _structuring.set(True)
    try:
        yield
    finally:
        _structuring.reset(token)


# --- messages ---------------------------------------------------------------------------


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


def describe_shape(shape: Shape) -> str:
    """What a shape expects, in words: ``a number``, ``an array``..."""
    if isinstance(shape, (Scalar, Enum)):
        return {"string": "a string", "number": "a number", "boolean": "a boolean"}[shape.kind]
    if isinstance(shape, Array):
        return "an array"
    if isinstance(shape, (Map, Object)):
        return "an object"
    return "a JSON value"


def _type_issue(path: str, shape: Shape, value: object, *, secret: bool = False) -> Issue:
    shown = "" if secret or value is None else f" ({preview(value)})"
    return Issue(path, "type", f"expected {describe_shape(shape)}, got {json_type(value)}{shown}")


def is_number(value: object) -> bool:
    """A JSON number: an int or float, never a bool."""
    kind = type(value)
    if kind is int or kind is float:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _not_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


# --- compiled checks --------------------------------------------------------------------


@attrs.frozen
class _Options:
    mode: Mode
    check_formats: bool
    # Construction checks: nested objects are instances, already checked when built.
    constructed: bool = False
    # The contract revision whose view of the classes is checked (resolved name).
    revision: str = DEFAULT_REVISION


def _compile(shape: Shape, options: _Options, *, secret: bool = False) -> Check:
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
    return _any_check


def _scalar_check(shape: Scalar, options: _Options, *, secret: bool) -> Check:
    limits = shape.constraints
    if shape.kind == "boolean":

        def check_boolean(value: Any, path: str, out: list[Issue]) -> None:
            if value is not True and value is not False:
                out.append(_type_issue(path, shape, value))

        return check_boolean

    if shape.kind == "string":
        max_length = limits.max_length
        date_time = limits.format == "date-time" and options.check_formats

        def check_string(value: Any, path: str, out: list[Issue]) -> None:
            if not isinstance(value, str):
                out.append(_type_issue(path, shape, value, secret=secret))
                return
            if max_length is not None and len(value) > max_length:
                out.append(
                    Issue(
                        path,
                        "maxLength",
                        f"a string of {len(value)} characters is longer than"
                        f" the maximum of {max_length}",
                    )
                )
            if date_time and _DATE_TIME.fullmatch(value) is None:
                shown = "" if secret else f" {preview(value)}"
                out.append(Issue(path, "format", f"expected an ISO 8601 date-time, got{shown}"))

        return check_string

    tests: list[tuple[Callable[[Any], bool], str, str]] = []
    if limits.minimum is not None:
        minimum = limits.minimum
        tests.append(
            (
                lambda v: v < minimum,
                "minimum",
                f"is less than the minimum of {format_number(minimum)}",
            )
        )
    if limits.exclusive_minimum is not None:
        floor = limits.exclusive_minimum
        tests.append(
            (
                lambda v: v <= floor,
                "exclusiveMinimum",
                f"must be greater than {format_number(floor)}",
            )
        )
    if limits.maximum is not None:
        maximum = limits.maximum
        tests.append(
            (
                lambda v: v > maximum,
                "maximum",
                f"is greater than the maximum of {format_number(maximum)}",
            )
        )

    def check_number(value: Any, path: str, out: list[Issue]) -> None:
        if not is_number(value):
            out.append(_type_issue(path, shape, value, secret=secret))
            return
        if _not_finite(value):
            out.append(Issue(path, "not-finite", f"expected a finite number, got {value!r}"))
            return
        for broken, code, message in tests:
            if broken(value):
                out.append(Issue(path, code, f"{preview(value)} {message}"))

    return check_number


def _enum_check(shape: Enum, options: _Options) -> Check:
    allowed = frozenset(shape.values)
    if len(shape.values) <= _ENUM_VALUES_SHOWN:
        listed = ", ".join(repr(value) for value in shape.values)
    else:
        listed = f"the {len(shape.values)} documented values"
    wants_string = shape.kind == "string"
    lenient = options.mode == "lenient"

    def check_enum(value: Any, path: str, out: list[Issue]) -> None:
        if wants_string:
            if not isinstance(value, str):
                out.append(_type_issue(path, shape, value))
                return
        elif not is_number(value):
            out.append(_type_issue(path, shape, value))
            return
        elif _not_finite(value):
            out.append(Issue(path, "not-finite", f"expected a finite number, got {value!r}"))
            return
        if value in allowed:
            return
        if lenient:
            message = f"{preview(value)} is not one of {listed} (kept)"
            out.append(Issue(path, "unknown-enum", message, "warning"))
        else:
            out.append(Issue(path, "enum", f"{preview(value)} is not one of {listed}"))

    return check_enum


def _array_check(shape: Array, options: _Options) -> Check:
    check_item = _compile(shape.item, options)

    def check_array(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, list):
            out.append(_type_issue(path, shape, value))
            return
        for index, item in enumerate(value):
            check_item(item, f"{path}/{index}", out)

    return check_array


def _map_check(shape: Map, options: _Options) -> Check:
    check_value = _compile(shape.value, options)

    def check_map(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, dict) and not isinstance(value, Mapping):
            out.append(_type_issue(path, shape, value))
            return
        for key, item in value.items():
            if not isinstance(key, str):
                out.append(_key_issue(path, key))
                continue
            check_value(item, f"{path}/{pointer_token(key)}", out)

    return check_map


def _key_issue(path: str, key: object) -> Issue:
    return Issue(path, "type", f"object keys must be strings, got {json_type(key)} {preview(key)}")


def _instance_check(shape: Object) -> Check:
    def check_instance(value: Any, path: str, out: list[Issue]) -> None:
        if not isinstance(value, shape.cls):
            message = f"expected a {shape.cls.__name__}, got a Python {type(value).__name__}"
            out.append(Issue(path, "type", message))

    return check_instance


def _any_check(value: Any, path: str, out: list[Issue]) -> None:
    """Check that a value is JSON (no NaN, no foreign types), iteratively, within MAX_DEPTH."""
    stack: list[tuple[Any, str, int]] = [(value, path, path.count("/"))]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, dict) or (
            not isinstance(item, (str, int, float, list)) and isinstance(item, Mapping)
        ):
            if depth >= MAX_DEPTH:
                out.append(_depth_issue(where))
                continue
            pairs = item.items() if item.__class__ is dict else list(item.items())
            for key, child in reversed(pairs):
                if isinstance(key, str):
                    stack.append((child, f"{where}/{pointer_token(key)}", depth + 1))
                else:
                    out.append(_key_issue(where, key))
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                out.append(_depth_issue(where))
                continue
            stack.extend(
                (child, f"{where}/{index}", depth + 1)
                for index, child in reversed(list(enumerate(item)))
            )
        elif isinstance(item, float):
            if not math.isfinite(item):
                out.append(Issue(where, "not-finite", f"expected a finite number, got {item!r}"))
        elif not (item is None or isinstance(item, (str, int))):
            message = f"expected a JSON value, got a Python {type(item).__name__}"
            out.append(Issue(where, "type", message))


def _depth_issue(path: str) -> Issue:
    return Issue(path, "depth", f"nesting goes deeper than {MAX_DEPTH} levels")


@attrs.frozen
class _FieldCheck:
    spec: FieldSpec
    token: str
    check: Check


def _object_check(spec: ClassSpec, options: _Options) -> Check:
    """The check of one class's objects (built once per options; safe from any thread)."""
    return _OBJECT_CHECKS.get((spec.cls, options), _build_object_check)


def _build_object_check(key: tuple[type, _Options]) -> Check:
    cls, options = key
    spec = class_spec(cls, options.revision)
    fields: dict[str, _FieldCheck] = {}
    exclusive = spec.exclusive
    rules = rules_for(cls, spec.by_wire)

    def check_object(value: Any, path: str, out: list[Issue]) -> None:
        # Issues come in a fixed order: documented fields in page order (a missing
        # required field at its place), then undocumented ones in document order.
        if not isinstance(value, dict) and not isinstance(value, Mapping):
            out.append(Issue(path, "type", f"expected an object, got {json_type(value)}"))
            return
        start = len(out)
        seen = 0
        for wire, field in fields.items():
            item = value.get(wire, _MISSING)
            if item is _MISSING:
                if field.spec.required:
                    message = f"required field {wire!r} is missing"
                    out.append(Issue(path + field.token, "required", message))
                continue
            seen += 1
            if item is None:
                if not field.spec.nullable:
                    out.append(_type_issue(path + field.token, field.spec.shape, None))
            else:
                field.check(item, path + field.token, out)
        if seen != len(value):
            unknown_keys(value, fields, path, out)
        if exclusive and all(value.get(wire) is not None for wire in exclusive):
            out.append(_conflict_issue(path, exclusive))
        if rules is not None:
            rules(value, path, out, start)

    # Registered (for this build only) before its fields are compiled, so that a class
    # reachable from itself terminates; published once complete (see _cache.py).
    _OBJECT_CHECKS.register(key, check_object)
    for field_spec in spec.fields:
        fields[field_spec.wire] = _FieldCheck(
            spec=field_spec,
            token="/" + pointer_token(field_spec.wire),
            check=_compile(field_spec.shape, options, secret=field_spec.secret),
        )
    return check_object


def _conflict_issue(path: str, wires: tuple[str, ...]) -> Issue:
    # A warning: the page's own example gives both. See docs/spec-notes.md, "triggerGenerate".
    names = " and ".join(repr(wire) for wire in wires)
    return Issue(path, "conflict", f"{names} should not both be given", "warning")


_OBJECT_CHECKS: BuildCache[tuple[type, _Options], Check] = BuildCache()


_MISSING: Any = object()


def unknown_keys(value: Mapping[Any, Any], documented: Any, path: str, out: list[Issue]) -> None:
    """Report the keys of an object that are not in ``documented``, in document order."""
    for key, item in value.items():
        if key in documented:
            continue
        if not isinstance(key, str):
            out.append(_key_issue(path, key))
            continue
        where = f"{path}/{pointer_token(key)}"
        message = unknown_field_message(key, documented, preview(key))
        out.append(Issue(where, "unknown-field", message, "warning"))
        _any_check(item, where, out)


def check_mode(mode: str) -> None:
    """Refuse a mode that is not ``strict`` or ``lenient`` (a caller's error, not data's).

    Raises:
        ValueError: for any other mode.
    """
    if mode not in MODES:
        msg = f"mode must be 'strict' or 'lenient', not {mode!r}"
        raise ValueError(msg)


def checker(
    cls: type,
    mode: Mode = "strict",
    *,
    check_formats: bool = False,
    revision: str = DEFAULT_REVISION,
) -> Check:
    """The compiled document check of a contract class (compiled once, then cached)."""
    check_mode(mode)
    spec = class_spec(cls, revision)
    options = _Options(mode=mode, check_formats=check_formats, revision=spec.revision)
    return _object_check(spec, options)


# --- construction checks ----------------------------------------------------------------


_CONSTRUCTION_CHECKS: BuildCache[type, tuple[tuple[FieldSpec, str, Check], ...]] = BuildCache()


def _construction_checks(cls: type) -> tuple[tuple[FieldSpec, str, Check], ...]:
    return _CONSTRUCTION_CHECKS.get(cls, _build_construction_checks)


def _build_construction_checks(cls: type) -> tuple[tuple[FieldSpec, str, Check], ...]:
    # An object holds no revision: it is checked against the union of them all.
    options = _Options(mode="strict", check_formats=False, constructed=True, revision=ANY_REVISION)
    return tuple(
        (spec, "/" + pointer_token(spec.wire), _compile(spec.shape, options, secret=spec.secret))
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
                out.append(_type_issue(token, spec.shape, None))
        else:
            check(value, token, out)
    spec_of_class = class_spec(type(obj), ANY_REVISION)
    by_wire = {spec.wire: spec.name for spec, _, _ in _construction_checks(type(obj))}
    exclusive = spec_of_class.exclusive
    if exclusive and all(getattr(obj, by_wire[wire]) is not None for wire in exclusive):
        out.append(_conflict_issue("", exclusive))
    extra = getattr(obj, "extra", {})
    documented = spec_of_class.by_wire
    if not isinstance(extra, Mapping):
        out.append(Issue("", "type", f"extra must be an object, got {json_type(extra)}"))
        extra = {}
    # A field some revisions do not document is extra when loaded under them: it
    # may be, as long as its attribute does not hold a value too.
    always = documented_in_every_revision(type(obj))
    nulls: frozenset[str] = getattr(obj, "null_fields", frozenset())
    for key, value in extra.items():
        if not isinstance(key, str):
            out.append(_key_issue("", key))
        elif key in documented and (
            key in always or key in nulls or getattr(obj, by_wire[key]) is not None
        ):
            out.append(
                Issue(f"/{pointer_token(key)}", "type", "a documented field cannot be extra")
            )
        else:
            _any_check(value, f"/{pointer_token(key)}", out)
    if any(issue.severity == "error" for issue in out):
        raise ContractError(out)
