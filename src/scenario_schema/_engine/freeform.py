"""The walk of free-form values (the page's ``object`` type), generated in its two forms.

A free-form value may hold any JSON. Generated code checks it with :func:`free_ok`
(is it JSON the reference passes without an issue?) and, to load it, copies it
read-only with :func:`free_copy` (the same walk, building the copy as it goes: a
container is copied in C, then only its containers are replaced). Both come from one
template, :func:`_walk_source`, so they cannot differ in what they accept.

Exact types only: a subclass, a key that is not a ``str``, NaN, an infinity, or a
container deeper than ``budget`` levels is a doubt, which the reference then judges
(``budget`` is what :data:`~scenario_schema._options.MAX_DEPTH` leaves at the value's
place, so the two agree on depth exactly).
"""

from __future__ import annotations

from typing import Any

from .codegen import Names, compile_source

__all__ = ["DOUBT", "SIMPLE", "free_copy", "free_ok"]

DOUBT: Any = object()
"""What :func:`free_copy` returns for a value the reference must look at."""

SIMPLE = frozenset({str, int, bool, type(None)})
"""The exact types of the scalars kept as they are without a look (not ``float``: NaN)."""

_SCALAR = "{x}.__class__ is str or {x}.__class__ is int or {x}.__class__ is bool or {x} is None"


def _walk_source(name: str, *, copy: bool) -> str:
    """The source of the walk: with ``copy``, :func:`free_copy`; without, :func:`free_ok`."""
    doubt = "doubt" if copy else "False"
    kept = "value" if copy else "True"
    deeper = (
        [
            "frozen = {name}(item, budget - 1)",
            "if frozen is doubt: return doubt",
        ]
        if copy
        else ["if not {name}(item, budget - 1): return False"]
    )
    lines = [
        f"def {name}(value, budget):",
        "    kind = value.__class__",
        "    if kind is str or kind is int or kind is bool or value is None:",
        f"        return {kept}",
        "    if kind is float:",
        f"        return {kept} if value - value == 0 else {doubt}",
        "    if budget <= 0:",
        f"        return {doubt}",
        "    if kind is dict:",
    ]
    if copy:
        lines += ["        if not value: return empty_dict", "        copied = FrozenDict(value)"]
    lines += [
        "        for key, item in value.items():",
        f"            if key.__class__ is not str: return {doubt}",
        f"            if {_SCALAR.format(x='item')}: continue",
        "            if item.__class__ is float:",
        "                if item - item == 0: continue",
        f"                return {doubt}",
        *("            " + line.format(name=name) for line in deeper),
    ]
    if copy:
        lines += ["            dict_set(copied, key, frozen)", "        return copied"]
    else:
        lines += ["        return True"]
    lines += ["    if kind is list:"]
    if copy:  # a list of scalars is copied in C
        lines += [
            "        if not value: return empty_list",
            "        for item in value:",
            f"            if {_SCALAR.format(x='item')}: continue",
            "            if item.__class__ is float and item - item == 0: continue",
            "            break",
            "        else:",
            "            return FrozenList(value)",
            "        items = []",
        ]
    lines += [
        "        for item in value:",
        f"            if {_SCALAR.format(x='item')}:",
        "                list_append(items, item)" if copy else "                continue",
        "                continue" if copy else "",
        "            if item.__class__ is float:",
        "                if item - item != 0: return " + doubt,
        "                list_append(items, item)" if copy else "",
        "                continue",
        *("            " + line.format(name=name) for line in deeper),
    ]
    if copy:
        lines += ["            list_append(items, frozen)", "        return FrozenList(items)"]
    else:
        lines += ["        return True"]
    lines.append(f"    return {doubt}")
    return "\n".join(line for line in lines if line) + "\n"


def _compile_walks() -> tuple[Any, Any]:
    names = Names()
    names.namespace["doubt"] = DOUBT
    source = _walk_source("free_ok", copy=False) + "\n\n" + _walk_source("free_copy", copy=True)
    compile_source(source, names.namespace, "free-form walks")
    return names.namespace["free_ok"], names.namespace["free_copy"]


free_ok, free_copy = _compile_walks()
"""``free_ok(value, budget) -> bool`` and ``free_copy(value, budget)``: the copy or DOUBT."""
