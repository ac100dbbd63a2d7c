"""The reference converter of the tests: cattrs, camelCase wire names, strict hooks, lossless dumps.

The generated builders and dumpers (``scenario_schema._engine``) are proven equal to it
(``tests/test_engine.py``). It lives with the tests: the package ships one converter,
the public one (``scenario_schema.converter``). Wire naming lives here, never on the
classes or on cattrs' global converter. Documents are checked first (the reference
walker), so the structure hooks
only build objects; they are still strict (no ``float("1.5")``, no
``float(True)``), as a safety net for anyone who reaches this converter. Two
pieces of wire state make the round trip lossless: undocumented fields go to
``extra``, optional fields sent as ``null`` are named in ``null_fields``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, get_args, get_origin

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from scenario_schema._cache import BuildCache
from scenario_schema._fields import WIRE_STATE_ATTRIBUTES, class_spec
from scenario_schema._frozen import plain
from scenario_schema._preview import is_number
from scenario_schema._revisions import ANY_REVISION, DEFAULT_REVISION, resolve_revision
from scenario_schema.models import Contract

__all__ = ["converter", "converter_for", "dump_object", "structure_object"]

_T = TypeVar("_T")

# Wire state reaches the generated structure function under keys no documented
# field has: the wrapper builds the mapping it reads from scratch, from documented
# fields only. (Printable keys: cattrs before 26.2 puts them in generated source,
# where a NUL byte does not compile.)
_LITERAL: Any = Literal

_EXTRA_KEY = "@extra"
_NULLS_KEY = "@null_fields"


def _strict(kind: type, check: Callable[[Any], bool]) -> Callable[[Any, Any], Any]:
    """A structure hook that returns the value unchanged or refuses it; never coerces."""

    def structure(value: Any, _: Any) -> Any:
        if not check(value):
            msg = f"expected {kind.__name__}, got {type(value).__name__}"
            raise TypeError(msg)
        return value

    return structure


def _is_finite_number(value: Any) -> bool:
    return is_number(value) and not (isinstance(value, float) and not math.isfinite(value))


def _make_converter(revision: str = DEFAULT_REVISION) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=False)
    # Numbers keep their JSON form: an int stays an int in a float field.
    conv.register_structure_hook(float, _strict(float, _is_finite_number))
    conv.register_structure_hook(
        int, _strict(int, lambda v: isinstance(v, int) and not isinstance(v, bool))
    )
    conv.register_structure_hook(str, _strict(str, lambda v: isinstance(v, str)))
    conv.register_structure_hook(bool, _strict(bool, lambda v: isinstance(v, bool)))
    # The page's `object` is any JSON value: kept as it is. (A predicate, not a
    # type: singledispatch would match `object` for every class.)
    # Objects copy it in, read-only, when built (Contract.__attrs_post_init__); dumps
    # copy it out.
    conv.register_structure_hook_func(lambda tp: tp is object, lambda value, _: value)
    conv.register_unstructure_hook_func(lambda tp: tp is object, plain)
    conv.register_structure_hook_func(lambda tp: get_origin(tp) is _LITERAL, _structure_literal)
    conv.register_structure_hook_factory(
        lambda tp: isinstance(tp, type) and issubclass(tp, Contract),
        lambda cls: _structure_hook(cls, conv, revision),
    )
    conv.register_unstructure_hook_factory(
        lambda tp: isinstance(tp, type) and issubclass(tp, Contract),
        lambda cls: _unstructure_hook(cls, conv),
    )
    return conv


def _structure_literal(value: Any, literal: Any) -> Any:
    """Keep the value; lenient loads keep literals the page does not list."""
    kinds = {type(arg) for arg in get_args(literal)}
    if isinstance(value, bool) or not isinstance(
        value, tuple(kinds | {float} if int in kinds else kinds)
    ):
        msg = f"expected one of {get_args(literal)!r}, got {type(value).__name__}"
        raise TypeError(msg)
    return value


def _renames(cls: type) -> dict[str, Any]:
    # Every attribute, whichever revisions document it: its wire name is the same.
    return {spec.name: spec.wire for spec in class_spec(cls, ANY_REVISION).fields}


def _structure_hook(
    cls: type[_T], conv: cattrs.Converter, revision: str
) -> Callable[[Any, Any], _T]:
    # Fields the revision does not document go to `extra`; their attributes stay None.
    spec = class_spec(cls, revision)
    overrides: dict[str, Any] = {
        name: override(rename=wire) for name, wire in _renames(cls).items()
    }
    overrides["extra"] = override(rename=_EXTRA_KEY)
    overrides["null_fields"] = override(rename=_NULLS_KEY)
    build = make_dict_structure_fn(cls, conv, **overrides)
    documented = spec.by_wire

    def structure(payload: Mapping[str, Any], _: Any) -> _T:
        known: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        nulls: list[str] = []
        for key, value in payload.items():
            if key in documented:
                if value is None:
                    nulls.append(key)
                else:
                    known[key] = value
            else:
                extra[key] = value
        if extra:
            known[_EXTRA_KEY] = extra
        if nulls:
            known[_NULLS_KEY] = frozenset(nulls)
        return build(known, cls)

    return structure


def _unstructure_hook(cls: type[_T], conv: cattrs.Converter) -> Callable[[_T], dict[str, Any]]:
    overrides: dict[str, Any] = {
        name: override(rename=wire, omit_if_default=True) for name, wire in _renames(cls).items()
    }
    for name in WIRE_STATE_ATTRIBUTES:
        overrides[name] = override(omit=True)
    # Required fields have no default, so omit_if_default only ever drops absent optionals.
    unstructure = make_dict_unstructure_fn(cls, conv, **overrides)

    def dump(obj: _T) -> dict[str, Any]:
        data = unstructure(obj)
        state: Contract = obj  # type: ignore[assignment]
        for wire in state.null_fields:
            data[wire] = None
        if state.extra:
            data.update(plain(state.extra))
        return data

    return dump


_CONVERTERS: BuildCache[str, cattrs.Converter] = BuildCache()


def converter_for(revision: str) -> cattrs.Converter:
    """The converter that builds objects as a revision documents them (dumps are the same)."""
    return _CONVERTERS.get(resolve_revision(revision), _make_converter)


_STRUCTURE_HOOKS: BuildCache[tuple[type, str], Callable[[Any, Any], Any]] = BuildCache()
_UNSTRUCTURE_HOOKS: BuildCache[type, Callable[[Any], dict[str, Any]]] = BuildCache()


def _structure_hook_of(key: tuple[type, str]) -> Callable[[Any, Any], Any]:
    cls, revision = key
    return converter_for(revision).get_structure_hook(cls)


converter = converter_for(DEFAULT_REVISION)
"""The package's own converter (for the ``page`` revision); never cattrs' global one."""


def structure_object(payload: Any, cls: type[_T], revision: str = DEFAULT_REVISION) -> _T:
    """Build an object from a payload already checked by the validator."""
    hook = _STRUCTURE_HOOKS.get((cls, resolve_revision(revision)), _structure_hook_of)
    built: _T = hook(payload, cls)
    return built


def dump_object(obj: Any) -> dict[str, Any]:
    """The JSON-ready, camelCase dict of a contract object (the caller checks its type)."""
    return _UNSTRUCTURE_HOOKS.get(type(obj), converter.get_unstructure_hook)(obj)
