"""Lazily built caches that any number of threads may read at once, first call included.

Checkers, loaders, dumpers and specs are built on first use and cached. A value is
built under one process-wide re-entrant lock and published only when the outermost
build is complete, so a reader (who takes no lock) sees either nothing or a finished
value, never one that is still being put together. One lock for every cache: a
build of one cache calls into others (a loader needs checkers and specs), and a
single lock cannot deadlock. A build that reaches itself (a class reachable from
itself) finds its own unfinished entry through :meth:`BuildCache.register`; only
that build's own thread can see it before it is published.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["BuildCache"]

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class _Builds:
    """The builds in progress (one thread at a time: read and written under ``lock``)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.depth = 0
        self.builder: int | None = None
        self.unpublished: list[tuple[BuildCache[Any, Any], Any]] = []

    def discard(self, mark: int) -> None:
        """Forget the entries made since ``mark`` by a build that failed: they may be unfinished."""
        while len(self.unpublished) > mark:
            cache, key = self.unpublished.pop()
            cache._pending.pop(key, None)

    def publish(self) -> None:
        """Make every entry of the finished outermost build visible to all threads."""
        for cache, key in self.unpublished:
            cache._ready[key] = cache._pending.pop(key)
        self.unpublished.clear()


_BUILDS = _Builds()


class BuildCache(Generic[_K, _V]):
    """A dict of values built once on first use, safe to read from many threads."""

    def __init__(self) -> None:
        self._ready: dict[_K, _V] = {}
        self._pending: dict[_K, _V] = {}

    def get(self, key: _K, build: Callable[[_K], _V]) -> _V:
        """The value of ``key``, built with ``build(key)`` on first use (by one thread only)."""
        found = self._ready.get(key)
        if found is not None:
            return found
        return self._build(key, build)

    def register(self, key: _K, value: _V) -> None:
        """Make an unfinished value visible to the build that is finishing it (recursion).

        Only a ``build`` running under :meth:`get` may call this; the value is
        published with the rest of the outermost build, once that is complete.

        Raises:
            RuntimeError: when called from outside such a build.

        """
        if _BUILDS.builder != threading.get_ident():
            msg = "BuildCache.register is only for a build running under BuildCache.get"
            raise RuntimeError(msg)
        if key not in self._pending:
            self._pending[key] = value
            _BUILDS.unpublished.append((self, key))

    def _build(self, key: _K, build: Callable[[_K], _V]) -> _V:
        builds = _BUILDS
        with builds.lock:
            found = self._ready.get(key)
            if found is None:
                found = self._pending.get(key)
            if found is not None:
                return found
            mark = len(builds.unpublished)
            builds.depth += 1
            builds.builder = threading.get_ident()
            try:
                value = build(key)
                self.register(key, value)
            except BaseException:
                builds.discard(mark)
                raise
            finally:
                builds.depth -= 1
                if builds.depth == 0:
                    builds.builder = None
            value = self._pending[key]  # a value registered early by the build wins
            if builds.depth == 0:
                builds.publish()
            return value
