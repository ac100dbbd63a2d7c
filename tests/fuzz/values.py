"""The raw material of the fuzzer: hostile values, container look-alikes, copies, renderings.

Everything here is plain Python and fast: no Hypothesis, no library call. Values
that break naive code (NaN, 5000-digit integers, lone surrogates, ``/`` and ``~``
in keys) sit next to the look-alike containers a caller may hand in (dict and
list subclasses, ``OrderedDict``, ``MappingProxyType``, tuples).
"""

from __future__ import annotations

import collections
import math
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

__all__ = [
    "ALIAS",
    "ALIAS_KEY",
    "EXTREME_NUMBERS",
    "MARKER",
    "ODD_STRINGS",
    "PYTHON_ONLY",
    "FuzzDict",
    "FuzzList",
    "clone",
    "containers",
    "depth",
    "huge_int",
    "nest",
    "nodes",
    "render",
    "same",
    "to_plain",
]

MARKER = "wbKEY7f3qMARKER"
"""Put in ``wandbKey`` values: it must never appear in a message, a repr or a str."""

ALIAS = "\x00fuzz-alias\x00"
"""Appended to containers to see whether a mutation shows up elsewhere."""
ALIAS_KEY = "\x00fuzz-alias-key\x00"


class FuzzDict(dict[Any, Any]):
    """A dict subclass, as a caller's own mapping type would be."""


class FuzzList(list[Any]):
    """A list subclass, as a caller's own sequence type would be."""


def huge_int(digits: int, *, lead: int = 7) -> int:
    """An integer of exactly ``digits`` decimal digits, built without ``int(str)``.

    ``int("7" * 5000)`` itself fails under Python's integer string limit, which is
    the point: the library must survive such values without ever printing them.
    """
    value: int = lead * (10**digits - 1) // 9
    return value


EXTREME_NUMBERS: tuple[Any, ...] = (
    math.nan,
    math.inf,
    -math.inf,
    float("1e400"),
    -0.0,
    0.0,
    5e-324,
    sys.float_info.max,
    -sys.float_info.max,
    1e308,
    1e16,
    0.1,
    1.5,
    2.5,
    1e-7,
    -1,
    0,
    1,
    2,
    4,
    5,
    64,
    65,
    128,
    129,
    10000,
    10001,
    40000,
    40001,
    2**31,
    2**53 - 1,
    2**53,
    2**53 + 1,
    2**63,
    -(2**63) - 1,
    2**64,
    10**400,
    -(10**400),
    huge_int(5000),
    -huge_int(5000, lead=9),
    True,
    False,
)
"""Numbers at and past every kind of edge, plus booleans posing as numbers."""

ODD_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "\x00",
    "\n",
    "two\nlines",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\x1c",
    "\x0b",
    "\ud800",
    "\udfff",
    "a\ud83dz",
    "\U0001f600",
    "\U0010ffff",
    "\ufeff",
    "\u202eevil",
    "e\u0301",
    "\u200b",
    "\u00a0",
    "\uff11\uff12\uff13",
    "/",
    "~",
    "~0~1/",
    "a/b~c",
    "'\"\\",
    "%s%n{0}",
    "NaN",
    "Infinity",
    "1e400",
    "true",
    "null",
    "16",
    "x" * 41,
    "\U000e0001" * 50,  # 50 characters, each 10 once repr() escapes it
    "x" * 10_000,
    "\u00e9" * 300,
)
"""Strings that break previews, pointers, one-line messages and encoders."""

PYTHON_ONLY: tuple[Callable[[], Any], ...] = (
    lambda: Decimal("1.5"),
    lambda: Decimal("NaN"),
    lambda: b"bytes",
    lambda: {1, 2},
    lambda: frozenset({"a"}),
    lambda: complex(1, 2),
    object,
    lambda: (1, 2),
    lambda: range(3),
)
"""Values ``json.loads`` never returns but a Python caller may pass."""


def nest(value: Any, depth: int, *, kind: str = "list") -> Any:
    """``value`` wrapped in ``depth`` lists (or one-key objects), built without recursion."""
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


def _rebuild(container: Any, items: Any) -> Any:
    """A container of the same type as ``container`` holding ``items``."""
    if isinstance(container, types.MappingProxyType):
        return types.MappingProxyType(dict(items))
    if isinstance(container, collections.defaultdict):
        rebuilt: Any = collections.defaultdict(container.default_factory)
        rebuilt.update(items)
        return rebuilt
    return type(container)(items)


def _rebuilt(value: Any, build: Callable[[Any, list[Any]], Any]) -> Any:
    """``value`` rebuilt bottom-up, ``build(container, new_children)`` at each container.

    Iterative, so documents nested thousands deep are copied without recursion.
    """
    done: list[Any] = []
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, expanded = stack.pop()
        if not isinstance(node, (Mapping, list, tuple)):
            done.append(node)
        elif not expanded:
            stack.append((node, True))
            children = list(node.values()) if isinstance(node, Mapping) else list(node)
            stack.extend((child, False) for child in reversed(children))
        else:
            count = len(node)
            children = done[len(done) - count :]
            del done[len(done) - count :]
            done.append(build(node, children))
    return done[0]


def clone(value: Any) -> Any:
    """A deep copy that keeps container types (subclasses, tuples, mapping proxies)."""
    return _rebuilt(
        value,
        lambda node, children: _rebuild(
            node, zip(node.keys(), children, strict=True) if isinstance(node, Mapping) else children
        ),
    )


def to_plain(value: Any) -> Any:
    """A deep copy as plain JSON containers: every mapping a dict, every sequence a list."""
    return _rebuilt(
        value,
        lambda node, children: (
            dict(zip(node.keys(), children, strict=True)) if isinstance(node, Mapping) else children
        ),
    )


def depth(value: Any) -> int:
    """How deep containers nest in ``value`` (0 for a scalar), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (dict, list, tuple, types.MappingProxyType)):
            deepest = max(deepest, level + 1)
            children = node.values() if isinstance(node, Mapping) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def containers(value: Any) -> Iterator[tuple[str, Any]]:
    """Every container inside ``value`` (itself included) with its JSON Pointer, no recursion."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, Mapping):
            yield path, item
            stack.extend(
                (f"{path}/{_token(key)}", child)
                for key, child in item.items()
                if isinstance(child, (Mapping, list, tuple))
            )
        elif isinstance(item, (list, tuple)):
            yield path, item
            stack.extend(
                (f"{path}/{index}", child)
                for index, child in enumerate(item)
                if isinstance(child, (Mapping, list, tuple))
            )


_CONTAINERS = (dict, list, tuple, types.MappingProxyType)


def nodes(value: Any) -> Iterator[Any]:
    """Every container inside ``value`` (itself included), fast: no paths, no recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, types.MappingProxyType)):
            yield item
            stack.extend(child for child in item.values() if isinstance(child, _CONTAINERS))
        elif isinstance(item, (list, tuple)):
            yield item
            stack.extend(child for child in item if isinstance(child, _CONTAINERS))


def _token(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _kind(value: Any) -> str:
    """The JSON kind of a value, with ``int`` and ``float`` kept apart."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return f"Python {type(value).__name__}"


def same(expected: Any, actual: Any) -> tuple[str, str, str, str] | None:
    """The first difference between two JSON values, exact on number types, or None.

    Returns ``(path, kind, expected, actual)``: ``kind`` names the difference
    (``int -> float``, ``missing member``, ``length``...), the last two describe the
    values. Mapping and list subclasses compare as the JSON they stand for.
    """
    stack: list[tuple[str, Any, Any]] = [("", expected, actual)]
    while stack:
        path, left, right = stack.pop()
        left_kind, right_kind = _kind(left), _kind(right)
        if left_kind != right_kind:
            kind = f"{type(left).__name__} -> {type(right).__name__}"
            return path, kind, _described(left), _described(right)
        if left_kind == "object":
            if set(left) != set(right):
                lost, added = set(left) - set(right), set(right) - set(left)
                kind = "missing member" if lost else "added member"
                keys = sorted(map(repr, lost or added))[:3]
                shown = ", ".join(keys)
                return path, kind, _described(left), f"{_described(right)} ({kind}: {shown})"
            stack.extend((f"{path}/{_token(k)}", left[k], right[k]) for k in left)
        elif left_kind == "array":
            if len(left) != len(right):
                return path, "length", _described(left), _described(right)
            stack.extend(
                (f"{path}/{i}", a, b) for i, (a, b) in enumerate(zip(left, right, strict=True))
            )
        elif left_kind == "float" and math.isnan(left) and math.isnan(right):
            continue
        elif left != right:
            return path, "value", _described(left), _described(right)
    return None


def _described(value: Any) -> str:
    kind = _kind(value)
    name = type(value).__name__
    if kind in ("object", "array"):
        return f"{name} of {len(value)}"
    if kind in ("int", "float", "boolean", "null"):
        return f"{name} {_short_number(value)}"
    return name


def _short_number(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<{value.bit_length()}-bit int>"
    return repr(value)


# --- reproducers ------------------------------------------------------------------------

_RENDER_DEPTH = 40
_RENDER_STRING = 80


def render(value: Any) -> str:
    """A Python expression that rebuilds ``value`` (strings and depth abridged, never raises).

    Huge integers are written as ``10**k`` or in hex (``int(str)`` is limited to
    4300 digits), non-finite floats as ``float('nan')``, subclasses by name.
    """
    try:
        return _render(value, 0)
    except Exception as error:  # a hostile __repr__: say so rather than fail the report
        return f"<unrenderable {type(value).__name__}: {type(error).__name__}>"


def _render(value: Any, depth: int) -> str:
    if depth > _RENDER_DEPTH:
        return _render_deep(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return _render_int(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float({str(value)!r})"
    if isinstance(value, str):
        return _render_string(value)
    if isinstance(value, Mapping):
        body = ", ".join(
            f"{_render(key, depth + 1)}: {_render(item, depth + 1)}" for key, item in value.items()
        )
        if type(value) is dict:
            return "{" + body + "}"
        return f"{type(value).__name__}({{{body}}})"
    if isinstance(value, (list, tuple)):
        body = ", ".join(_render(item, depth + 1) for item in value)
        if type(value) is list:
            return f"[{body}]"
        if type(value) is tuple:
            return f"({body}{',' if len(value) == 1 else ''})"
        return f"{type(value).__name__}([{body}])"
    return repr(value)


def _render_deep(value: Any) -> str:
    levels, kind = 0, "list"
    while isinstance(value, (list, Mapping)) and len(value) == 1:
        kind = "list" if isinstance(value, list) else "object"
        value = value[0] if isinstance(value, list) else next(iter(value.values()))
        levels += 1
    inner = "..." if isinstance(value, (list, Mapping)) else _render(value, 0)
    return f"nest({inner}, {levels}, kind={kind!r})"


def _render_int(value: int) -> str:
    if value.bit_length() <= 1000:
        return repr(value)
    sign, magnitude = ("-", -value) if value < 0 else ("", value)
    digits = int(magnitude.bit_length() * math.log10(2))
    for power in (digits, digits + 1):
        if 10**power == magnitude:
            return f"{sign}10**{power}"
    for lead in range(1, 10):
        for count in (digits, digits + 1):
            if huge_int(count, lead=lead) == magnitude:
                return f"{sign}huge_int({count}, lead={lead})"
    return f"{sign}int({hex(magnitude)!r}, 16)"


def _render_string(value: str) -> str:
    if len(value) <= _RENDER_STRING:
        return repr(value)
    if value == value[0] * len(value):
        return f"{value[0]!r} * {len(value)}"
    return f"({value[:40]!r} + '...')  # {len(value)} characters"
