"""Hypothesis strategies for the contract, for your own contract tests.

Install with the ``testing`` extra. Every strategy is derived from the same field
declarations as the runtime checks: the bounds drawn are the declared bounds,
the literals are the declared literals.

- :func:`payloads`: JSON-ready documents valid for a schema (both modes);
- :func:`instances`: the attrs objects;
- :func:`invalid_payloads`: a valid document with exactly one constraint broken,
  as a :class:`Mutation` saying where and with which code it must be reported.

With the package installed, ``st.from_type(scenario_schema.Model)`` (and every
other class) works without importing this module.
"""

from __future__ import annotations

import math
from datetime import timezone
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - tested in a subprocess without Hypothesis
    msg = (
        "scenario_schema.strategies needs Hypothesis:"
        " install the testing extra, pip install 'scenario-schema[testing]'"
    )
    raise ImportError(msg) from None

from ._api import load, resolve_schema
from ._fields import AnyValue, Array, Enum, FieldSpec, Map, Object, Scalar, Shape, class_spec
from ._mutations import Break, Mutation, breaks
from ._validate import Mode, check_mode
from .models import Contract, SchemaName

__all__ = ["Mutation", "instances", "invalid_payloads", "json_values", "payloads"]

_C = TypeVar("_C", bound=Contract)

_LIST_SIZE = 3
"""Longest list drawn: enough for item paths past 0, small enough to stay fast."""
_TEXT_SIZE = 12
_UNDOCUMENTED_KEYS = st.text(
    alphabet=st.characters(categories=("Ll", "Lu", "Nd"), max_codepoint=127)
    | st.sampled_from("_/~"),
    min_size=1,
    max_size=10,
)


def json_values(*, max_leaves: int = 8, null: bool = True) -> st.SearchStrategy[Any]:
    """Any JSON value (what ``json.loads`` can return, NaN excluded); ``null=False`` at the top."""
    text = st.text(max_size=_TEXT_SIZE)
    scalars = (
        st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | text
    )
    values = st.recursive(
        st.none() | scalars,
        lambda children: (
            st.lists(children, max_size=_LIST_SIZE)
            | st.dictionaries(text, children, max_size=_LIST_SIZE)
        ),
        max_leaves=max_leaves,
    )
    if null:
        return values
    return (
        scalars
        | st.lists(values, max_size=_LIST_SIZE)
        | st.dictionaries(text, values, max_size=_LIST_SIZE)
    )


def _number(shape: Scalar) -> st.SearchStrategy[Any]:
    limits = shape.constraints
    low = limits.minimum if limits.minimum is not None else limits.exclusive_minimum
    floats = st.floats(
        min_value=low,
        max_value=limits.maximum,
        exclude_min=limits.exclusive_minimum is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    if limits.minimum is not None:
        integer_low: int | None = math.ceil(limits.minimum)
    elif limits.exclusive_minimum is not None:
        integer_low = math.floor(limits.exclusive_minimum) + 1
    else:
        integer_low = None
    integer_high = None if limits.maximum is None else math.floor(limits.maximum)
    strategy: st.SearchStrategy[Any] = floats
    if integer_low is None or integer_high is None or integer_low <= integer_high:
        strategy = st.integers(min_value=integer_low, max_value=integer_high) | floats
    # Hit the bounds themselves often: they are where validators go wrong.
    edges = [value for value in (limits.minimum, limits.maximum) if value is not None]
    return st.sampled_from(edges) | strategy if edges else strategy


def _string(shape: Scalar) -> st.SearchStrategy[str]:
    limits = shape.constraints
    if limits.format == "date-time":
        return st.datetimes(timezones=st.just(timezone.utc)).map(
            lambda moment: moment.isoformat().replace("+00:00", "Z")
        )
    size = _TEXT_SIZE if limits.max_length is None else limits.max_length
    text = st.text(max_size=size)
    if limits.max_length is not None:
        return st.just("k" * limits.max_length) | text
    return text


def _shape(shape: Shape, mode: Mode) -> st.SearchStrategy[Any]:
    if isinstance(shape, Scalar):
        if shape.kind == "boolean":
            return st.booleans()
        return _number(shape) if shape.kind == "number" else _string(shape)
    if isinstance(shape, Enum):
        documented = st.sampled_from(shape.values)
        if mode == "strict":
            return documented
        undocumented: st.SearchStrategy[Any] = (
            st.text(max_size=_TEXT_SIZE) if shape.kind == "string" else st.integers()
        )
        return documented | undocumented
    if isinstance(shape, Array):
        return st.lists(_shape(shape.item, mode), max_size=_LIST_SIZE)
    if isinstance(shape, Map):
        return st.dictionaries(
            st.text(max_size=_TEXT_SIZE), _shape(shape.value, mode), max_size=_LIST_SIZE
        )
    if isinstance(shape, Object):
        return st.deferred(lambda: payloads(shape.cls, mode=mode))
    assert isinstance(shape, AnyValue)
    return json_values(max_leaves=4)


def _field(field: FieldSpec, mode: Mode) -> st.SearchStrategy[Any]:
    if isinstance(field.shape, AnyValue):  # null is a JSON value, but only where allowed
        return json_values(max_leaves=4, null=field.nullable)
    value = _shape(field.shape, mode)
    return st.none() | value if field.nullable else value


_PAYLOADS: dict[tuple[type, Mode], st.SearchStrategy[dict[str, Any]]] = {}


def payloads(
    schema: SchemaName | type[Contract], *, mode: Mode = "strict"
) -> st.SearchStrategy[dict[str, Any]]:
    """JSON-ready documents valid for ``schema`` in ``mode``.

    Optional fields are present and absent, explicit nulls appear where the page
    allows them, bounds are drawn often, every enum literal is reachable. In
    lenient mode documents also carry undocumented fields and enum values.
    """
    check_mode(mode)
    cls = resolve_schema(schema)
    cached = _PAYLOADS.get((cls, mode))
    if cached is not None:
        return cached
    spec = class_spec(cls)
    documents = st.fixed_dictionaries(
        {field.wire: _field(field, mode) for field in spec.fields if field.required},
        optional={field.wire: _field(field, mode) for field in spec.fields if not field.required},
    )
    if mode == "lenient":
        documented = set(spec.by_wire)
        extras = st.dictionaries(
            _UNDOCUMENTED_KEYS.filter(lambda key: key not in documented),
            json_values(max_leaves=3),
            max_size=2,
        )
        documents = st.builds(lambda known, extra: {**known, **extra}, documents, extras)
    _PAYLOADS[(cls, mode)] = documents
    return documents


def instances(cls: type[_C], *, mode: Mode = "strict") -> st.SearchStrategy[_C]:
    """Objects of a contract class, loaded from :func:`payloads`."""
    return payloads(cls, mode=mode).map(lambda payload: load(cls, payload, mode=mode))


def invalid_payloads(schema: SchemaName | type[Contract]) -> st.SearchStrategy[Mutation]:
    """A valid (strict) document with exactly one documented constraint broken.

    Each :class:`Mutation` carries the broken ``payload`` and the ``path`` and
    ``code`` at which :func:`scenario_schema.validate` must report it, with no
    other error. Every kind of constraint is broken: type, required, enum, each
    bound, length, NaN and Infinity, a boolean or a string for a number.
    """
    cls = resolve_schema(schema)

    def one_break(payload: dict[str, Any]) -> st.SearchStrategy[Mutation]:
        # Kind first, then place: a rare kind (a bound) is drawn as often as `type`.
        by_code: dict[str, list[Break]] = {}
        for found in breaks(payload, cls):
            by_code.setdefault(found.code, []).append(found)
        return (
            st.sampled_from(sorted(by_code))
            .flatmap(lambda code: st.sampled_from(by_code[code]))
            .map(lambda found: found.apply(payload))
        )

    return payloads(cls).filter(lambda payload: bool(breaks(payload, cls))).flatmap(one_break)
