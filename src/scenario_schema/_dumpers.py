"""The generated dumpers: a contract object in, its JSON-ready dict out.

One function per class, generated from the field specs of every revision (an object may
hold any revision's fields), with the objects below it inlined and the objects of a class
reachable from itself called. Each dict opens with a display of the class's leading
required fields; the rest are set when not ``None``; explicit nulls and undocumented
fields come last, as :func:`scenario_schema.load` found them. Containers are new all the
way down (``thaw`` copies what ``freeze`` made), so a dump shares nothing with the object.
``tests/test_fastpath.py`` proves the dumps equal to the cattrs reference's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._cache import BuildCache
from ._fastpath import _Module
from ._fields import AnyValue, Array, Enum, Map, Object, Scalar, Shape
from ._fields import class_spec as spec_of
from ._revisions import ANY_REVISION

__all__ = ["dumper"]


def _convert_out(shape: Shape, var: str, module: _Module, level: int) -> str:
    """The expression of a value's JSON form: new containers all the way down."""
    if isinstance(shape, (Scalar, Enum)):
        return var
    if isinstance(shape, AnyValue):  # an empty container is always the shared one
        return (
            f"({{}} if {var} is empty_dict else [] if {var} is empty_list"
            f" else {var} if {var}.__class__ in scalars else thaw({var}))"
        )
    if isinstance(shape, Object):
        return f"{_dumper_function(shape.cls, module)}({var})"
    item = f"item{level}"
    if isinstance(shape, Array):
        inner = _convert_out(shape.item, item, module, level + 1)
        return f"{var}[:]" if inner == item else f"[{inner} for {item} in {var}]"
    assert isinstance(shape, Map)
    key = f"key{level}"
    inner = _convert_out(shape.value, item, module, level + 1)
    return (
        f"{var}.copy()"
        if inner == item
        else f"{{{key}: {inner} for {key}, {item} in {var}.items()}}"
    )


def _dumper_function(cls: type, module: _Module) -> str:
    """``dump_X(o)``, with the objects below inlined (a class reachable from itself is called)."""
    name = f"dump_{cls.__name__}"
    if name in module.namespace:
        return name
    module.namespace[name] = None
    lines = _dump_lines(cls, "o", "d", module, (cls,))
    module.begin()
    module.emit(0, f"def {name}(o):")
    for line in [*lines, "return d"]:
        module.emit(1, line)
    module.emit(0, "")
    module.end()
    return name


def _dump_lines(
    cls: type, obj: str, out: str, module: _Module, seen: tuple[type, ...]
) -> list[str]:
    """Statements that set ``out`` to the JSON-ready dict of the object ``obj``."""
    fields = spec_of(cls, ANY_REVISION).fields  # an object may hold any revision's fields
    # The leading required fields of a one-read expression make the dict's display.
    leading, display = 0, []
    while leading < len(fields) and fields[leading].required:
        field = fields[leading]
        if isinstance(field.shape, (AnyValue, Object)) or (
            isinstance(field.shape, Array) and isinstance(field.shape.item, Object)
        ):
            break  # read more than once, or statements
        converted = _dump_value(field.shape, f"{obj}.{field.name}", module, seen)
        display.append(f"{field.wire!r}: {converted[0]}")
        leading += 1
    lines = [f"{out} = {{{', '.join(display)}}}"]
    for field in fields[leading:]:
        value = module.fresh("v")
        converted = _dump_value(field.shape, value, module, seen)
        lines.append(f"{value} = {obj}.{field.name}")
        set_it = [*converted[:-1], f"{out}[{field.wire!r}] = {converted[-1]}"]
        if field.required:
            lines += set_it
        else:
            lines.append(f"if {value} is not None:")
            lines += ["    " + line for line in set_it]
    # Almost every object holds the shared empty ones: one identity test each.
    lines += [
        f"if {obj}.null_fields is not no_nulls and {obj}.null_fields:",
        f"    for k in {obj}.null_fields: {out}[k] = None",
        f"if {obj}.extra is not empty_dict and {obj}.extra: {out}.update(thaw({obj}.extra))",
    ]
    return lines


def _dump_value(shape: Shape, var: str, module: _Module, seen: tuple[type, ...]) -> list[str]:
    """Statements, then the expression, of the JSON form of ``var`` (not ``None``)."""
    if isinstance(shape, Object) and shape.cls not in seen:
        built = module.fresh("d")
        return [*_dump_lines(shape.cls, var, built, module, (*seen, shape.cls)), built]
    if isinstance(shape, Array) and isinstance(shape.item, Object) and shape.item.cls not in seen:
        items, item, built = module.fresh("items"), module.fresh("item"), module.fresh("d")
        inner = _dump_lines(shape.item.cls, item, built, module, (*seen, shape.item.cls))
        return [
            f"{items} = []",
            f"for {item} in {var}:",
            *("    " + line for line in inner),
            f"    {items}.append({built})",
            items,
        ]
    return [_convert_out(shape, var, module, 0)]


_DUMPERS: BuildCache[type, Callable[[Any], dict[str, Any]]] = BuildCache()


def dumper(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The generated dumper of a class: an object in, its JSON-ready dict out."""
    return _DUMPERS.get(cls, _generate_dumper)


def _generate_dumper(cls: type) -> Callable[[Any], dict[str, Any]]:
    module = _Module()
    dump: Callable[[Any], dict[str, Any]] = module.compile(_dumper_function(cls, module))
    return dump
