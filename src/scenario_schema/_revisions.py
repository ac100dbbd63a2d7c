"""Contract revisions: their names, their order, and in which of them a declaration holds.

A revision is one state of the contract. ``page`` is the API reference page the
contract was founded on; ``sdk-2.4`` is the API as the official SDK 2.4.0 and the
training guide describe it (``docs/revisions.md``). Revisions are ordered, oldest
first. A declaration holds from the revision that added it (the first, when it
says nothing) until the one that removed it (a :class:`Lifespan`), so a revision
added later inherits everything that was not removed: adding one is adding its
name here and declaring what changed.

Literal values are declared in ``literals.py`` with :func:`revise_literal`; fields
and bounds with ``declare()`` in ``models.py``; the per-revision view of a class
is ``_fields.class_spec(cls, revision)``.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

__all__ = [
    "ALWAYS",
    "ANY_REVISION",
    "DEFAULT_REVISION",
    "LATEST",
    "REVISIONS",
    "Lifespan",
    "Revision",
    "resolve_revision",
    "revise_literal",
    "revision_index",
    "value_lifespan",
]

REVISIONS: tuple[str, ...] = ("page", "sdk-2.4")
"""Every revision of the contract, oldest first."""

LATEST = REVISIONS[-1]
"""The newest revision; ``"latest"`` is accepted wherever a revision is."""

DEFAULT_REVISION = LATEST
"""The revision of every entry point that is given none: the newest (``latest``).

Entry points take ``revision="latest"`` by default, so a new revision becomes their
default when it is added here; pin one by name for reproducible results
(``docs/spec-notes.md``).
"""

Revision = Literal["page", "sdk-2.4", "latest"]
"""A revision name, as the entry points take it (``latest`` is the newest)."""

ANY_REVISION = "(any revision)"
"""Internal: the union of every revision, which the classes themselves hold."""


def resolve_revision(name: str) -> str:
    """The revision a name stands for (``latest`` is the newest one).

    Raises:
        ValueError: for a name that is not a revision.
    """
    if name == "latest":
        return LATEST
    if name in REVISIONS:
        return name
    known = ", ".join((*REVISIONS, "latest"))
    msg = f"unknown revision {name!r}; known: {known}"
    raise ValueError(msg)


def revision_index(name: str) -> int:
    """The place of a revision in the order, oldest first (0 is ``page``)."""
    return REVISIONS.index(resolve_revision(name))


def _check_name(name: str | None, where: str) -> None:
    if name is not None and name not in REVISIONS:
        msg = f"{where}: unknown revision {name!r}; known: {', '.join(REVISIONS)}"
        raise ValueError(msg)


@attrs.frozen
class Lifespan:
    """The revisions a declaration holds in: from ``added`` (inclusive) to ``removed``.

    ``added=None`` is "since the first revision"; ``removed=None`` is "still holds".
    """

    added: str | None = None
    removed: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_name(self.added, "added")
        _check_name(self.removed, "removed")
        if (
            self.added is not None
            and self.removed is not None
            and REVISIONS.index(self.removed) <= REVISIONS.index(self.added)
        ):
            msg = f"removed in {self.removed!r}, not after it was added in {self.added!r}"
            raise ValueError(msg)

    def holds_in(self, revision: str) -> bool:
        """Whether the declaration holds in a revision (in the union, it always does)."""
        if revision == ANY_REVISION:
            return True
        index = REVISIONS.index(revision)
        if self.added is not None and index < REVISIONS.index(self.added):
            return False
        return self.removed is None or index < REVISIONS.index(self.removed)

    def revisions(self) -> tuple[str, ...]:
        """The revisions it holds in, oldest first."""
        return tuple(revision for revision in REVISIONS if self.holds_in(revision))


ALWAYS = Lifespan()
"""Holds in every revision: what a declaration that says nothing gets."""

_VALUE_LIFESPANS: dict[Any, dict[Any, Lifespan]] = {}


def revise_literal(
    literal: Any,
    *,
    added: Mapping[str, Iterable[Any]] | None = None,
    removed: Mapping[str, Iterable[Any]] | None = None,
) -> None:
    """Declare which values of a ``Literal`` type were added or removed, and in which revision.

    The ``Literal`` type is the union of every revision's values (what code may
    hold); a value not named here holds in every revision.

    Raises:
        ValueError: for a value that is not one of the literal's, or an unknown revision.
    """
    values = typing.get_args(literal)
    lifespans = _VALUE_LIFESPANS.setdefault(literal, {})
    changes: dict[Any, dict[str, str]] = {}
    for key, given in (("added", added or {}), ("removed", removed or {})):
        for revision, named in given.items():
            _check_name(revision, key)
            for value in named:
                if value not in values or type(value) not in {type(v) for v in values}:
                    msg = f"{value!r} is not a value of {literal!r}"
                    raise ValueError(msg)
                changes.setdefault(value, {})[key] = revision
    for value, change in changes.items():
        lifespans[value] = Lifespan(**change)


def value_lifespan(literal: Any, value: Any) -> Lifespan:
    """The revisions in which one value of a ``Literal`` type holds."""
    return _VALUE_LIFESPANS.get(literal, {}).get(value, ALWAYS)
