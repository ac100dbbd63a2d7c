"""A cattrs converter for your own classes that hold contract objects.

``converter.structure(data, T)`` builds anything cattrs builds (your attrs classes
and dataclasses, lists, dicts, optionals) and loads every contract class inside
with :func:`scenario_schema.load`; ``converter.unstructure`` dumps contract objects
with :func:`scenario_schema.dump` (camelCase). A document that does not fit
raises one :class:`ContractError` whose issues carry JSON Pointers from the top
of *your* document (``/runs/0/model/parameters/rank``), not cattrs'
``ExceptionGroup`` of Python attribute names. Keys of your own classes are their
attribute names, the keys cattrs reads (a rename you register yourself is not
seen by the pointers).

It is not the package's reference converter (``_converter``), which builds
contract objects from checked documents and is what the fast path is tested
against; this one is for users, and is strict where cattrs coerces: an ``int``
field takes an integer only (not ``"5"``, ``True`` or ``5.7``), a ``str`` field
a string only, a list a JSON array only (never the characters of a string or the
keys of an object), and a ``Literal`` or an ``Enum`` its exact values.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeVar, get_args, get_origin, is_typeddict

import attrs
import cattrs
from cattrs.cols import is_any_set, is_mapping, is_sequence
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    StructureHandlerNotFoundError,
)

from ._api import dump, load
from ._options import Mode, check_mode
from ._preview import is_number, json_type, preview
from ._report import ContractError, Issue, pointer_token
from ._revisions import Revision, resolve_revision
from .models import Contract

__all__ = ["converter", "make_converter"]

_T = TypeVar("_T")

_MESSAGE_CHARS = 160
"""Longest message of an issue made from an exception of your own code or of cattrs."""

_LITERALS_SHOWN = 8

_LITERAL: Any = Literal


class _ContractConverter(cattrs.Converter):
    """A ``cattrs.Converter`` whose ``structure`` raises one :class:`ContractError`."""

    def structure(self, obj: Any, cl: type[_T]) -> _T:
        """Structure ``obj`` into ``cl``, or raise a ContractError with every issue at its path.

        Raises:
            ContractError: when ``obj`` does not fit ``cl``; ``.issues`` holds every
                issue, each at its JSON Pointer from the top of ``obj``.
            cattrs.errors.StructureHandlerNotFoundError: when cattrs cannot
                structure ``cl`` at all; this and any other error in making the
                hook of ``cl`` is a usage error, raised as it is.

        """
        # Making the hook can fail only for the type (a usage error), never for `obj`.
        hook = self.get_structure_hook(cl)
        try:
            built: _T = hook(obj, cl)
        except ContractError:
            raise
        except Exception as error:
            issues = list(_issues(error, ""))
            raise ContractError(issues) from None
        return built


def _issues(error: BaseException, path: str) -> Iterator[Issue]:
    """The issues of an exception raised while structuring the value at ``path``."""
    if isinstance(error, ContractError):
        for issue in error.issues:
            yield attrs.evolve(issue, path=path + issue.path)
    elif isinstance(error, (ClassValidationError, IterableValidationError)):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                where = f"{path}/{pointer_token(note.name)}"
                if isinstance(inner, KeyError):
                    yield Issue(where, "required", f"required field {note.name!r} is missing")
                    continue
            else:
                where = f"{path}/{pointer_token(str(note.index))}"
            yield from _issues(inner, where)
        for inner in without:
            yield from _issues(inner, path)
    elif isinstance(error, StructureHandlerNotFoundError):
        raise error
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            message = f"field {key!r} is not an attribute of {error.cl.__name__}"
            yield Issue(f"{path}/{pointer_token(key)}", "unknown-field", message)
    elif isinstance(error, RecursionError):
        yield Issue(path, "depth", "nesting too deep to structure")
    else:
        yield Issue(path, "invalid", _one_line(error))


def _one_line(error: BaseException) -> str:
    """The exception's type and first line of its message, cut to a bounded length."""
    try:
        text = str(error).strip()
    except Exception:  # a hostile __str__ must not escape
        text = "(a message that cannot be shown)"
    line = f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__
    return line if len(line) <= _MESSAGE_CHARS else line[: _MESSAGE_CHARS - 3] + "..."


def _refuse(value: Any, expected: str, code: str = "type") -> ContractError:
    shown = "" if value is None else f" ({preview(value)})"
    return ContractError([Issue("", code, f"expected {expected}, got {json_type(value)}{shown}")])


def _built(value: Any, cl: Any, kind: type) -> Any:
    """The value for ``kind`` itself; for a subclass (an ``IntEnum``...), the subclass's value."""
    if cl is kind:
        return value
    if isinstance(cl, type) and issubclass(cl, enum.Enum):
        return _structure_enum(value, cl)
    return cl(value)


def _structure_int(value: Any, cl: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return _built(value, cl, int)
    raise _refuse(value, "an integer")


def _structure_float(value: Any, cl: Any) -> Any:
    if not is_number(value):
        raise _refuse(value, "a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ContractError([Issue("", "not-finite", f"expected a finite number, got {value!r}")])
    # An integer stays an integer, as in the contract classes (PEP 484: int is a float).
    return _built(value, cl, float)


def _structure_str(value: Any, cl: Any) -> Any:
    if isinstance(value, str):
        return _built(value, cl, str)
    raise _refuse(value, "a string")


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _refuse(value, "a boolean")


def _same(option: Any, value: Any) -> bool:
    """Whether ``value`` is the JSON form of ``option``: equal, and of the same type."""
    wanted = option.value if isinstance(option, enum.Enum) else option
    return type(wanted) is type(value) and wanted == value


def _not_one_of(value: Any, allowed: Sequence[Any]) -> ContractError:
    shown = ", ".join(
        repr(option.value if isinstance(option, enum.Enum) else option)
        for option in allowed[:_LITERALS_SHOWN]
    )
    more = f" (and {len(allowed) - _LITERALS_SHOWN} more)" if len(allowed) > _LITERALS_SHOWN else ""
    return ContractError([Issue("", "enum", f"{preview(value)} is not one of {shown}{more}")])


def _structure_literal(value: Any, literal: Any) -> Any:
    allowed = get_args(literal)
    for option in allowed:
        if _same(option, value):
            return option
    raise _not_one_of(value, allowed)


def _structure_enum(value: Any, cl: type[enum.Enum]) -> Any:
    members = list(cl)
    for member in members:
        if _same(member, value):
            return member
    raise _not_one_of(value, members)


def _is_contract(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Contract) and tp is not Contract


def _is_array(tp: Any) -> bool:
    return is_sequence(tp) or is_any_set(tp) or tp is tuple or get_origin(tp) is tuple


def _is_object(tp: Any) -> bool:
    if _is_contract(tp):
        return False
    return is_mapping(tp) or is_typeddict(tp) or attrs.has(tp) or dataclasses.is_dataclass(tp)


# The types whose JSON-type check steps aside while the hook cattrs would use for
# them is looked up (per thread: hooks may be made in several threads at once).
_STEPPING_ASIDE = threading.local()


def _stepping_aside() -> set[Any]:
    types: set[Any] | None = getattr(_STEPPING_ASIDE, "types", None)
    if types is None:
        types = _STEPPING_ASIDE.types = set()
    return types


def _checked(kind: type, expected: str) -> Callable[[Any, cattrs.Converter], Any]:
    """A hook factory: check the JSON type of a value, then run cattrs' own hook for the type.

    cattrs builds a list from any iterable (the characters of a string, the keys
    of a dict) and reads a class's fields with ``o[name]`` from whatever it is
    given. The converter is the one that asks, so a ``copy()`` keeps its own hooks.
    """

    def factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
        aside = _stepping_aside()
        aside.add(tp)
        try:
            base = conv.get_structure_hook(tp, cache_result=False)
        finally:
            aside.discard(tp)

        def structure(value: Any, cl: Any) -> Any:
            if not isinstance(value, kind):
                raise _refuse(value, expected)
            return base(value, cl)

        return structure

    return factory


def make_converter(
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    forbid_extra_keys: bool = False,
    revision: Revision = "latest",
) -> cattrs.Converter:
    """A new cattrs converter that loads and dumps contract classes wherever they appear.

    Its ``structure`` raises one :class:`ContractError` with every issue at its JSON
    Pointer from the top of the document; register your own hooks on a converter
    of your own, made here, rather than on the shared :data:`converter`.

    Args:
        mode: How contract classes are loaded (as :func:`scenario_schema.load`):
            ``lenient`` keeps enum values the page does not list.
        check_formats: Also check ``date-time`` strings in contract classes.
        forbid_extra_keys: Refuse keys that are not attributes of your own classes
            and fields that contract classes do not document (``unknown-field``
            errors, as ``load(..., forbid_unknown=True)``); by default cattrs ignores
            the first and contract classes keep the second in ``extra``.
        revision: The contract revision contract classes are loaded under (as
            :func:`scenario_schema.load`): ``latest`` (the default), ``sdk-2.4`` or ``page``.

    Raises:
        ValueError: for an unknown mode or revision.

    """
    check_mode(mode)
    resolve_revision(revision)
    conv = _ContractConverter(forbid_extra_keys=forbid_extra_keys)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_func(lambda tp: get_origin(tp) is _LITERAL, _structure_literal)
    conv.register_structure_hook_func(
        lambda tp: isinstance(tp, type) and issubclass(tp, enum.Enum), _structure_enum
    )
    # Also by class: cattrs before 26 dispatches Enum by class ahead of predicates.
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_structure_hook_factory(
        lambda tp: _is_array(tp) and tp not in _stepping_aside(), _checked(list, "an array")
    )
    conv.register_structure_hook_factory(
        lambda tp: _is_object(tp) and tp not in _stepping_aside(), _checked(dict, "an object")
    )
    # Registered last, so it wins over the attrs-class check above.
    conv.register_structure_hook_factory(
        _is_contract,
        lambda cls: (
            lambda value, _: load(
                cls,
                value,
                mode=mode,
                check_formats=check_formats,
                revision=revision,
                forbid_unknown=forbid_extra_keys,
            )
        ),
    )
    conv.register_unstructure_hook_func(_is_contract, dump)
    return conv


converter: cattrs.Converter = make_converter()
"""The converter of strict mode; ``make_converter(mode="lenient")`` makes a lenient one."""
