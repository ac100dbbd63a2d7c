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
from ._options import Mode, check_mode
from ._revisions import DEFAULT_REVISION, Revision, resolve_revision
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


def _shape(shape: Shape, mode: Mode, revision: str = DEFAULT_REVISION) -> st.SearchStrategy[Any]:
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
        return st.lists(_shape(shape.item, mode, revision), max_size=_LIST_SIZE)
    if isinstance(shape, Map):
        return st.dictionaries(
            st.text(max_size=_TEXT_SIZE),
            _shape(shape.value, mode, revision),
            max_size=_LIST_SIZE,
        )
    if isinstance(shape, Object):
        return st.deferred(lambda: _payloads(shape.cls, mode, revision))
    assert isinstance(shape, AnyValue)
    return json_values(max_leaves=4)


def _field(
    field: FieldSpec, mode: Mode, revision: str = DEFAULT_REVISION
) -> st.SearchStrategy[Any]:
    if isinstance(field.shape, AnyValue):  # null is a JSON value, but only where allowed
        return json_values(max_leaves=4, null=field.nullable)
    value = _shape(field.shape, mode, revision)
    return st.none() | value if field.nullable else value


_PAYLOADS: dict[tuple[type, Mode, str], st.SearchStrategy[dict[str, Any]]] = {}


def payloads(
    schema: SchemaName | type[Contract], *, mode: Mode = "strict", revision: Revision = "latest"
) -> st.SearchStrategy[dict[str, Any]]:
    """JSON-ready documents valid for ``schema`` in ``mode``, under a contract revision.

    Optional fields are present and absent, explicit nulls appear where the page
    allows them, bounds are drawn often, every enum literal is reachable. In
    lenient mode documents also carry undocumented fields and enum values. Only
    the fields, bounds and literals of ``revision`` are drawn.
    """
    check_mode(mode)
    return _payloads(resolve_schema(schema), mode, resolve_revision(revision))


def _payloads(cls: type[Contract], mode: Mode, revision: str) -> st.SearchStrategy[dict[str, Any]]:
    cached = _PAYLOADS.get((cls, mode, revision))
    if cached is not None:
        return cached
    spec = class_spec(cls, revision)
    required = {
        field.wire: _field(field, mode, revision) for field in spec.fields if field.required
    }
    optional = {
        field.wire: _field(field, mode, revision) for field in spec.fields if not field.required
    }
    documents = st.fixed_dictionaries(required, optional=optional)
    if mode == "lenient":
        documented = set(spec.by_wire)
        extras = st.dictionaries(
            _UNDOCUMENTED_KEYS.filter(lambda key: key not in documented),
            json_values(max_leaves=3),
            max_size=2,
        )
        documents = st.builds(lambda known, extra: {**known, **extra}, documents, extras)
    _PAYLOADS[(cls, mode, revision)] = documents
    return documents


def instances(
    cls: type[_C], *, mode: Mode = "strict", revision: Revision = "latest"
) -> st.SearchStrategy[_C]:
    """Objects of a contract class, loaded from :func:`payloads` under the same revision."""
    return payloads(cls, mode=mode, revision=revision).map(
        lambda payload: load(cls, payload, mode=mode, revision=revision)
    )


def invalid_payloads(
    schema: SchemaName | type[Contract], *, revision: Revision = "latest"
) -> st.SearchStrategy[Mutation]:
    """A valid (strict) document with exactly one documented constraint broken.

    Each :class:`Mutation` carries the broken ``payload`` and the ``path`` and
    ``code`` at which :func:`scenario_schema.validate` must report it, with no
    other error. Every kind of constraint is broken: type, required, enum, each
    bound, length, NaN and Infinity, a boolean or a string for a number. The
    constraints broken, and the verdict, are those of ``revision``.
    """
    cls = resolve_schema(schema)
    resolved = resolve_revision(revision)

    def one_break(payload: dict[str, Any]) -> st.SearchStrategy[Mutation]:
        # Kind first, then place: a rare kind (a bound) is drawn as often as `type`.
        by_code: dict[str, list[Break]] = {}
        for found in breaks(payload, cls, resolved):
            by_code.setdefault(found.code, []).append(found)
        return (
            st.sampled_from(sorted(by_code))
            .flatmap(lambda code: st.sampled_from(by_code[code]))
            .map(lambda found: found.apply(payload))
        )

    return (
        payloads(cls, revision=revision)
        .filter(lambda payload: bool(breaks(payload, cls, resolved)))
        .flatmap(one_break)
    )
