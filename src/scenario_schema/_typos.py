"""Likely typos: the documented wire name an undocumented key probably means.

One rule, used wherever an undocumented key is reported (the reference walker,
drift, the training preflight); ``docs/spec-notes.md`` ("Likely typos") records it.
A key is a likely typo of a documented name of the same object when, in this order:

1. the two are equal ignoring case (``learningrate``, ``LEARNINGRATE``);
2. the two are equal ignoring case, ``_`` and ``-``: the key is the name in
   snake_case or kebab-case (``learning_rate``), or its camelCase is the name;
3. difflib's ``SequenceMatcher(None, name, key).ratio()`` (the order of
   ``difflib.get_close_matches``), on the casefolded texts, is at least
   :data:`CLOSE` (``maxTrainStep``, ``learningRat``).

Several candidates: the first rule that finds one wins; within the edit-distance
rule, the best ratio, then the first name in code-point order.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from difflib import SequenceMatcher

__all__ = ["CLOSE", "did_you_mean", "likely_typo", "unknown_field_message"]

CLOSE = 0.8
"""The least ``SequenceMatcher`` ratio for which a key is a likely typo of a name."""

_LONGEST_KEY = 200
"""Keys longer than this are no one's typo (and are not compared: the cost grows with it)."""


def likely_typo(key: str, documented: Collection[str]) -> str | None:
    """The documented name ``key`` probably means, or ``None`` (see the module docstring).

    A key that is itself documented is no typo: ``None``.
    """
    if key in documented or not key or len(key) > _LONGEST_KEY:
        return None
    names = documented if isinstance(documented, frozenset) else frozenset(documented)
    return _suggest(key, names)


@functools.lru_cache(maxsize=4096)
def _suggest(key: str, names: frozenset[str]) -> str | None:
    folded = key.casefold()
    index = _index(names)
    same_case = [name for name, name_folded, _ in index if name_folded == folded]
    if same_case:
        return same_case[0]
    squashed = _squash(folded)
    same_words = [name for name, _, name_squashed in index if name_squashed == squashed]
    if same_words:
        return same_words[0]
    best, best_ratio = None, CLOSE
    matcher: SequenceMatcher[str] | None = None
    size = len(folded)
    for name, name_folded, _ in index:
        # The ratio is at most 2 * min(len) / (sum of lengths): skip what cannot reach CLOSE.
        if 2 * min(size, len(name_folded)) < CLOSE * (size + len(name_folded)):
            continue
        if matcher is None:  # difflib's own order (get_close_matches): the key second
            matcher = SequenceMatcher(None, name_folded, folded)
        else:
            matcher.set_seq1(name_folded)
        if matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and best is None):
            best, best_ratio = name, ratio
    return best


@functools.lru_cache(maxsize=256)
def _index(names: frozenset[str]) -> tuple[tuple[str, str, str], ...]:
    """Each name, casefolded and squashed, in code-point order (so the first wins a tie)."""
    return tuple((name, name.casefold(), _squash(name.casefold())) for name in sorted(names))


def _squash(text: str) -> str:
    return text.replace("_", "").replace("-", "")


def unknown_field_message(key: str, documented: Collection[str], shown: str) -> str:
    """The message of an ``unknown-field`` issue about ``key``, ``shown`` as previewed.

    It is ``undocumented field <shown> (kept)``, and for a likely typo it ends with
    ``; did you mean 'learningRate'?``. ``shown`` is the caller's bounded preview of
    the key (keys can be long); the name suggested is a documented one, short.
    """
    message = f"undocumented field {shown} (kept)"
    suggestion = likely_typo(key, documented)
    return message if suggestion is None else f"{message}; {did_you_mean(suggestion)}"


def did_you_mean(name: str) -> str:
    """``did you mean 'name'?``: how every message about a likely typo ends."""
    return f"did you mean {name!r}?"
