"""Read-only JSON containers, and the deep copies into and out of them.

A contract object is frozen all the way down: its lists are :class:`FrozenList`
and its dicts (``extra``, free-key maps, ``object``-typed values) are
:class:`FrozenDict`, subclasses of ``list`` and ``dict`` whose mutating methods
raise ``TypeError``. They compare equal to plain lists and dicts, serialise
with :mod:`json` as they are, and hash (computed on demand, never at construction:
a ``FrozenList`` as the tuple of its items, a ``FrozenDict`` as the frozenset of its
items), so contract objects can be set members and dict keys. :func:`freeze` copies
a JSON value into them when an object is loaded or built; :func:`plain` copies one
back out, into plain dicts and lists, for :func:`scenario_schema.dump`. So the
document a user loads, the object and the dict ``dump`` returns never share a
mutable container.

Both copies also give a value its plain equivalent: any ``Mapping`` becomes a
dict, a ``list`` subclass a list, a ``str``/``int``/``float`` subclass its exact
type. (Anything else, a tuple included, is not JSON: kept as it is, for the
checks to report.) Neither descends deeper than :data:`MAX_DEPTH` levels
(anything deeper is a ``depth`` error of the document anyway), so neither can
exhaust the stack or loop on a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, SupportsIndex, TypeVar

from ._options import MAX_DEPTH

__all__ = [
    "EMPTY_DICT",
    "EMPTY_LIST",
    "EXACT_SCALARS",
    "NO_NULLS",
    "FrozenDict",
    "FrozenList",
    "ReadOnlyDict",
    "ReadOnlyList",
    "exact_scalar",
    "freeze",
    "plain",
    "thaw",
]

_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")


def _refuse(kind: str) -> NoReturn:
    msg = (
        f"a contract object is frozen, and so is this {kind}: copy it first"
        f" ({kind}(...)), or build a new object with attrs.evolve"
    )
    raise TypeError(msg)


class FrozenList(list[_T]):
    """A ``list`` that cannot change: what a contract object holds for a JSON array."""

    __slots__ = ()

    def __setitem__(self, index: Any, value: Any) -> None:
        _refuse("list")

    def __delitem__(self, index: Any) -> None:
        _refuse("list")

    def __iadd__(self, other: Iterable[_T]) -> FrozenList[_T]:  # type: ignore[override,misc]
        _refuse("list")

    def __imul__(self, count: SupportsIndex) -> FrozenList[_T]:
        _refuse("list")

    def append(self, value: _T) -> None:
        _refuse("list")

    def extend(self, values: Iterable[_T]) -> None:
        _refuse("list")

    def insert(self, index: SupportsIndex, value: _T) -> None:
        _refuse("list")

    def pop(self, index: SupportsIndex = -1) -> _T:
        _refuse("list")

    def remove(self, value: _T) -> None:
        _refuse("list")

    def clear(self) -> None:
        _refuse("list")

    def sort(self, *args: Any, **kwargs: Any) -> None:
        _refuse("list")

    def reverse(self) -> None:
        _refuse("list")

    def __hash__(self) -> int:  # type: ignore[override]
        """Hash as the tuple of the items: equal lists hash equal (a value too, if it hashes)."""
        return hash(tuple(self))

    def __copy__(self) -> FrozenList[_T]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenList[_T]:
        return self  # nothing inside can change either

    def __reduce__(self) -> tuple[Callable[..., FrozenList[_T]], tuple[list[_T]]]:
        return (FrozenList, (list(self),))


class FrozenDict(dict[_K, _V]):
    """A ``dict`` that cannot change: what a contract object holds for a JSON object."""

    __slots__ = ()

    def __setitem__(self, key: _K, value: _V) -> None:
        _refuse("dict")

    def __delitem__(self, key: _K) -> None:
        _refuse("dict")

    def __ior__(self, other: Any) -> FrozenDict[_K, _V]:  # type: ignore[override,misc]
        _refuse("dict")

    def clear(self) -> None:
        _refuse("dict")

    def pop(self, *args: Any) -> _V:
        _refuse("dict")

    def popitem(self) -> tuple[_K, _V]:
        _refuse("dict")

    def setdefault(self, *args: Any) -> _V:
        _refuse("dict")

    def update(self, *args: Any, **kwargs: Any) -> None:
        _refuse("dict")

    def __hash__(self) -> int:  # type: ignore[override]
        """Hash as the set of the items, order aside, as equality goes (values must hash)."""
        return hash(frozenset(self.items()))

    def __copy__(self) -> FrozenDict[_K, _V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[_K, _V]:
        return self

    def __reduce__(self) -> tuple[Callable[..., FrozenDict[_K, _V]], tuple[dict[_K, _V]]]:
        return (FrozenDict, (dict(self),))


# What the fields of contract classes are annotated with. Type checkers see read-only
# ABCs, so `model.tags.append(...)` is a type error, as it is a TypeError at run time;
# at run time they are `list` and `dict`, the shapes `_fields` derives from annotations
# (the values are FrozenList and FrozenDict, subclasses of both).
if TYPE_CHECKING:
    from collections.abc import Mapping as ReadOnlyDict
    from collections.abc import Sequence as ReadOnlyList
else:
    ReadOnlyDict = dict
    ReadOnlyList = list


EMPTY_LIST: FrozenList[Any] = FrozenList()
"""The one empty read-only list: nothing can change it, so every object may share it."""
EMPTY_DICT: FrozenDict[str, Any] = FrozenDict()
"""The one empty read-only dict (``extra`` of an object with no undocumented field)."""
NO_NULLS: frozenset[str] = frozenset()
"""The ``null_fields`` of objects sent with no explicit ``null`` (one shared, empty set)."""

EXACT_SCALARS = frozenset({str, int, float, bool, type(None)})
"""The exact types of JSON scalars: what the copies keep as they are."""


def exact_scalar(value: Any) -> Any:
    """A ``str``/``int``/``float`` subclass as its exact type (any other value unchanged)."""
    if value.__class__ in EXACT_SCALARS:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):  # bool has no subclasses: only int's reach here
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    return value


def freeze(value: Any, depth: int = 0) -> Any:
    """A read-only deep copy of a JSON value (contract objects inside are kept: frozen)."""
    kind = value.__class__
    if kind in EXACT_SCALARS or depth > MAX_DEPTH:
        return value
    if kind is dict or kind is FrozenDict or isinstance(value, Mapping):
        if not value:
            return EMPTY_DICT
        return FrozenDict(
            {
                key if key.__class__ is str else exact_scalar(key): item
                if item.__class__ in EXACT_SCALARS
                else freeze(item, depth + 1)
                for key, item in value.items()
            }
        )
    if kind is list or isinstance(value, list):
        if not value:
            return EMPTY_LIST
        return FrozenList(
            [item if item.__class__ in EXACT_SCALARS else freeze(item, depth + 1) for item in value]
        )
    return exact_scalar(value)


def plain(value: Any, depth: int = 0) -> Any:
    """A plain deep copy of a JSON value: new dicts and lists, exact scalars."""
    kind = value.__class__
    if kind is FrozenDict or kind is dict:
        if not value:
            return {}
    elif kind is FrozenList or kind is list:
        if not value:
            return []
    elif kind in EXACT_SCALARS:
        return value
    if depth > MAX_DEPTH:
        return value
    if kind is FrozenDict or kind is dict or isinstance(value, Mapping):
        return {
            key if key.__class__ is str else exact_scalar(key): item
            if item.__class__ in EXACT_SCALARS
            else plain(item, depth + 1)
            for key, item in value.items()
        }
    if kind is FrozenList or kind is list or isinstance(value, list):
        return [
            item if item.__class__ in EXACT_SCALARS else plain(item, depth + 1) for item in value
        ]
    return exact_scalar(value)


def thaw(value: Any) -> Any:
    """:func:`plain` for the values contract objects hold: what :func:`freeze` made.

    A ``FrozenDict`` or ``FrozenList`` from ``freeze`` (or a loader) holds exact keys and
    scalars and is never deeper than :data:`MAX_DEPTH`: a dict is copied whole, in C, and
    only its containers are copied again; a list item by item. Anything else goes to
    :func:`plain`.
    """
    kind = value.__class__
    if kind is FrozenDict:
        copied = dict(value)
        for key, item in copied.items():
            if item.__class__ not in EXACT_SCALARS:
                copied[key] = thaw(item)
        return copied
    if kind is FrozenList:
        return [item if item.__class__ in EXACT_SCALARS else thaw(item) for item in value]
    return plain(value)
