"""What the code generators share: a namespace of constants, fresh local names, setters.

``_fastpath`` (the full check, builders; ``_dumpers`` uses it too) and ``_clean`` (the
clean tier) each generate Python source that refers to objects by name. Each keeps its
source its own way; this is the common part: the names every generated module may use,
and one name per constant object.
"""

from __future__ import annotations

from typing import Any

from ._frozen import EMPTY_DICT, EMPTY_LIST, NO_NULLS, FrozenDict, FrozenList
from ._report import Issue
from ._validate import _conflict_issue

__all__ = ["Names"]


class Names:
    """The namespace generated code runs in, and the names it gives to constants."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "Issue": Issue,
            "conflict_issue": _conflict_issue,
            "new": object.__new__,
            "FrozenList": FrozenList,
            "FrozenDict": FrozenDict,
            "list_append": list.append,
            "dict_set": dict.__setitem__,
            "empty_dict": EMPTY_DICT,
            "empty_list": EMPTY_LIST,
            "no_nulls": NO_NULLS,
        }
        self._names: dict[int, str] = {}
        self._fresh = 0

    def fresh(self, hint: str) -> str:
        """A local name no other part of the source uses."""
        self._fresh += 1
        return f"{hint}{self._fresh}_"

    def const(self, value: Any, hint: str) -> str:
        """A name in the generated namespace bound to ``value`` (one name per object)."""
        key = id(value)
        if key not in self._names:
            name = f"{hint}_{len(self._names)}"
            self._names[key] = name
            self.namespace[name] = value
        return self._names[key]

    def setter(self, cls: type, name: str) -> str:
        """The name of the slot descriptor's ``__set__`` of attribute ``name`` of ``cls``."""
        return self.const(getattr(cls, name).__set__, f"set_{name}")
