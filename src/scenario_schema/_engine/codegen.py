"""What the code generators share: a namespace of constants, and compiling source you can see.

``generated.py`` (checks and builders), ``freeform.py`` (the walk of free-form values)
and ``dumpers.py`` each generate Python source that refers to objects by name. This
is the common part: the names every generated module may use, one name per constant
object, and :func:`compile_source`, which compiles a module under a file name of its
own and registers its source in :mod:`linecache` (as ``attrs`` does for the methods it
writes), so that a traceback shows the generated line and :func:`inspect.getsource`
works on generated functions. :func:`sources` lists what was compiled, for
``scenario-schema codegen``.
"""

from __future__ import annotations

import itertools
import linecache
import threading
from typing import Any

from .._frozen import EMPTY_DICT, EMPTY_LIST, NO_NULLS, FrozenDict, FrozenList
from .._report import Issue

__all__ = ["Names", "compile_source", "source_of", "sources"]


class Names:
    """The namespace generated code runs in, and the names it gives to constants."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "Issue": Issue,
            "new": object.__new__,
            "FrozenList": FrozenList,
            "FrozenDict": FrozenDict,
            "list_append": list.append,
            "dict_set": dict.__setitem__,
            "empty_dict": EMPTY_DICT,
            "empty_list": EMPTY_LIST,
            "no_nulls": NO_NULLS,
        }
        self._names: dict[int, str] = {}  # the namespace keeps each object alive: ids stay unique
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


_COUNTER = itertools.count(1)
_SOURCES: dict[str, str] = {}
_LOCK = threading.Lock()


def compile_source(source: str, namespace: dict[str, Any], title: str) -> str:
    """Run ``source`` in ``namespace``, under a file name of its own kept in :mod:`linecache`.

    Returns the file name, which :func:`source_of` answers.

    Args:
        source: The module's text.
        namespace: Its globals: the functions it defines land there.
        title: What the module is, for its file name
            (``<scenario_schema generated 3: check TrainActionResponse strict page>``).
    """
    with _LOCK:
        filename = f"<scenario_schema generated {next(_COUNTER)}: {title}>"
        _SOURCES[filename] = source
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(code, namespace)
    return filename


def sources() -> dict[str, str]:
    """Every generated module so far, by file name, in the order it was compiled."""
    with _LOCK:
        return dict(_SOURCES)


def source_of(filename: str) -> str:
    """The source compiled under a file name (also after :func:`linecache.clearcache`)."""
    with _LOCK:
        return _SOURCES[filename]
