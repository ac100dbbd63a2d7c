"""The generated dumpers: a contract object in, its JSON-ready dict out.

One function per class, generated from the field specs of every revision (an object may
hold any revision's fields), with every object below it inlined. Each dict opens with a
display of the class's leading required fields; the rest are set when not ``None``;
explicit nulls and undocumented fields come last, as :func:`scenario_schema.load` found
them. Containers are new all the way down (``thaw`` copies what ``free_copy`` and
``freeze`` made), so a dump shares nothing with the object. ``tests/test_engine.py``
proves the dumps equal to the cattrs reference converter's (``tests/reference_converter.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._cache import BuildCache
from .._fields import AnyValue, Array, Enum, Map, Object, Scalar, Shape
from .._fields import class_spec as spec_of
from .._frozen import EXACT_SCALARS, thaw
from .._revisions import ANY_REVISION
from .codegen import Names, compile_source

__all__ = ["dump_source", "dumper"]


def free_copy_out() -> Callable[[Any], Any]:
    """How dumpers copy free-form values: ``msgspec.to_builtins`` with the ``fast`` extra.

    It makes the same plain copy as :func:`~scenario_schema._frozen.thaw` of what loads
    and constructors hold (exact scalars, string keys, read-only containers), in C: about
    seven times faster on the container response's values (``tests/test_engine.py``
    compares the two dumps).
    """
    try:
        import msgspec
    except ImportError:
        return thaw
    copy: Callable[[Any], Any] = msgspec.to_builtins
    return copy


class _Names(Names):
    """The namespace of one dumper module, and the functions it holds so far."""

    def __init__(self) -> None:
        super().__init__()
        self.namespace.update({"thaw": free_copy_out(), "scalars": EXACT_SCALARS})
        self.functions: dict[type, str] = {}


def _convert_out(shape: Shape, var: str, names: _Names, level: int) -> str:
    """The expression of a value's JSON form: new containers all the way down."""
    if isinstance(shape, (Scalar, Enum)):
        return var
    if isinstance(shape, AnyValue):  # an empty container is always the shared one
        return (
            f"({{}} if {var} is empty_dict else [] if {var} is empty_list"
            f" else {var} if {var}.__class__ in scalars else thaw({var}))"
        )
    if isinstance(shape, Object):  # inside a map: a function of its own, called
        return f"{_function(shape.cls, names)}({var})"
    item = f"item{level}"
    if isinstance(shape, Array):
        inner = _convert_out(shape.item, item, names, level + 1)
        return f"{var}[:]" if inner == item else f"[{inner} for {item} in {var}]"
    assert isinstance(shape, Map)  # every other shape is handled above
    key = f"key{level}"
    inner = _convert_out(shape.value, item, names, level + 1)
    return (
        f"{var}.copy()"
        if inner == item
        else f"{{{key}: {inner} for {key}, {item} in {var}.items()}}"
    )


def _dump_lines(cls: type, obj: str, out: str, names: _Names) -> list[str]:
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
        converted = _dump_value(field.shape, f"{obj}.{field.name}", names)
        display.append(f"{field.wire!r}: {converted[0]}")
        leading += 1
    lines = [f"{out} = {{{', '.join(display)}}}"]
    for field in fields[leading:]:
        value = names.fresh("v")
        converted = _dump_value(field.shape, value, names)
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


def _dump_value(shape: Shape, var: str, names: _Names) -> list[str]:
    """Statements, then the expression, of the JSON form of ``var`` (not ``None``)."""
    if isinstance(shape, Object):
        built = names.fresh("d")
        return [*_dump_lines(shape.cls, var, built, names), built]
    if isinstance(shape, Array) and isinstance(shape.item, Object):
        items, item, built = names.fresh("items"), names.fresh("item"), names.fresh("d")
        inner = _dump_lines(shape.item.cls, item, built, names)
        return [
            f"{items} = []",
            f"for {item} in {var}:",
            *("    " + line for line in inner),
            f"    {items}.append({built})",
            items,
        ]
    return [_convert_out(shape, var, names, 0)]


def _function(cls: type, names: _Names) -> str:
    """The name of ``dump_X(o)`` in the module, its source added on first use."""
    name = f"dump_{cls.__name__}"
    if cls not in names.functions:
        names.functions[cls] = ""  # declared: a class reachable from itself terminates
        lines = _dump_lines(cls, "o", "d", names)
        body = "\n".join("    " + line for line in [*lines, "return d"])
        names.functions[cls] = f"def {name}(o):\n{body}\n"
    return name


def dump_source(cls: type) -> tuple[str, dict[str, Any]]:
    """The source of ``dump_X(o)`` (and the functions it calls), and its namespace."""
    names = _Names()
    _function(cls, names)
    return "\n\n".join(reversed(names.functions.values())), names.namespace


_DUMPERS: BuildCache[type, Callable[[Any], dict[str, Any]]] = BuildCache()


def dumper(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The generated dumper of a class: an object in, its JSON-ready dict out."""
    return _DUMPERS.get(cls, _generate_dumper)


def _generate_dumper(cls: type) -> Callable[[Any], dict[str, Any]]:
    source, namespace = dump_source(cls)
    compile_source(source, namespace, f"dump {cls.__name__}")
    dump: Callable[[Any], dict[str, Any]] = namespace[f"dump_{cls.__name__}"]
    return dump
