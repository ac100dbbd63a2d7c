"""Each kind of constraint, declared once: how the reference tests it, how generated code does.

A field's limits are declared once, on the field (``declare(minimum=...)``, see
``_fields.py``). What a kind of limit *means* is declared here, once, in one table:

- :data:`LIMITS`: ``minimum``, ``exclusiveMinimum``, ``maximum``, ``maxLength`` and
  ``format``; each row gives the reference's test (a function of the value and the
  limit), the generated code's test (a source template) and the words of its issue;
- :data:`TYPES`: each JSON kind, as the reference accepts it (subclasses included)
  and as the generated code tests it (exact types: anything else is the reference's
  to judge);
- :data:`FINITE` and :data:`MEMBER`: a finite number, and an enum's membership.

The reference walker (``reference.py``) calls the functions; the generator
(``generated.py``) formats the templates. No field declares a ``pattern``: the table
has no row for a limit nothing uses.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from .._fields import Constraints
from .._preview import format_number, is_number, preview

__all__ = ["FINITE", "FORMATS", "LIMITS", "MEMBER", "TYPES", "Limit", "Test", "limits_of"]

# RFC 3339 date-time (the JSON Schema "date-time" format), checked only on request.
_DATE_TIME = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
)


def _is_date_time(value: str) -> bool:
    return _DATE_TIME.fullmatch(value) is not None


FORMATS: dict[str, Callable[[str], bool]] = {"date-time": _is_date_time}
"""The string formats, by name, and their test (checked only with ``check_formats``)."""


@attrs.frozen
class Limit:
    """One kind of limit on a scalar.

    Attributes:
        attribute: The :class:`~scenario_schema._fields.Constraints` attribute that holds it.
        code: The issue code, the JSON Schema keyword.
        holds: The reference's test: ``holds(value, limit)``.
        source: The generated test, an expression with ``{value}`` and ``{limit}``
            (the name the generated namespace gives to :attr:`bound` of the limit).
        words: The message when it does not hold: ``words(value, limit, secret)``.
        bound: What the generated code refers to for a declared limit.
    """

    attribute: str
    code: str
    holds: Callable[[Any, Any], bool]
    source: str
    words: Callable[[Any, Any, bool], str]
    bound: Callable[[Any], Any] = lambda limit: limit


def _format_words(value: str, limit: str, secret: bool) -> str:
    shown = "" if secret else f" {preview(value)}"
    return f"expected an ISO 8601 {limit}, got{shown}"


LIMITS: tuple[Limit, ...] = (
    Limit(
        "minimum",
        "minimum",
        operator.ge,
        "{value} >= {limit}",
        lambda v, limit, _: f"{preview(v)} is less than the minimum of {format_number(limit)}",
    ),
    Limit(
        "exclusive_minimum",
        "exclusiveMinimum",
        operator.gt,
        "{value} > {limit}",
        lambda v, limit, _: f"{preview(v)} must be greater than {format_number(limit)}",
    ),
    Limit(
        "maximum",
        "maximum",
        operator.le,
        "{value} <= {limit}",
        lambda v, limit, _: f"{preview(v)} is greater than the maximum of {format_number(limit)}",
    ),
    Limit(
        "max_length",
        "maxLength",
        lambda v, limit: len(v) <= limit,
        "len({value}) <= {limit}",
        lambda v, limit, _: (
            f"a string of {len(v)} characters is longer than the maximum of {limit}"
        ),
    ),
    Limit(
        "format",
        "format",
        lambda v, limit: FORMATS[limit](v),
        "{limit}({value})",
        _format_words,
        bound=lambda limit: FORMATS[limit],
    ),
)
"""Every kind of limit, in the order their issues are reported."""


def limits_of(constraints: Constraints, *, check_formats: bool) -> Iterator[tuple[Limit, Any]]:
    """The limits a field declares, each with its value, in :data:`LIMITS` order."""
    for limit in LIMITS:
        value = getattr(constraints, limit.attribute)
        if value is not None and (check_formats or limit.code != "format"):
            yield limit, value


@attrs.frozen
class Test:
    """A test both forms make: the reference's function, the generated code's template."""

    accepts: Callable[[Any], bool]
    source: str
    """An expression with ``{value}``, true when the generated code may go on."""
    instance_of: type | None = None
    """Where ``accepts`` is an ``isinstance`` test: the type (the reference inlines it)."""


TYPES: dict[str, Test] = {
    "string": Test(lambda v: isinstance(v, str), "{value}.__class__ is str", str),
    "number": Test(is_number, "({value}.__class__ is int or {value}.__class__ is float)"),
    "boolean": Test(lambda v: v is True or v is False, "({value} is True or {value} is False)"),
    "array": Test(lambda v: isinstance(v, list), "{value}.__class__ is list", list),
    "object": Test(lambda v: isinstance(v, Mapping), "{value}.__class__ is dict", Mapping),
}
"""Each JSON kind: any value of it (reference), or of its exact Python type (generated)."""

FINITE = Test(lambda v: not isinstance(v, float) or math.isfinite(v), "{value} - {value} == 0")
"""A number that is not NaN nor infinite (``json.loads`` accepts both): a number's test."""

MEMBER = "{value} in {allowed}"
"""An enum's membership, as generated; the reference tests ``value in allowed``, the same
frozenset of the enum's values in this revision."""
