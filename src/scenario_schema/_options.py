"""The options every verb takes: the checking modes and the nesting limit.

A foundation module: the engine, the verbs and the command line all read these, and
it imports nothing of the package.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["MAX_DEPTH", "MODES", "Mode", "check_mode"]

Mode = Literal["strict", "lenient"]
"""``strict``: every documented constraint is an error; ``lenient``: enum values the
contract does not list are ``unknown-enum`` warnings."""

MODES: tuple[Mode, ...] = ("strict", "lenient")

MAX_DEPTH = 128
"""Deepest nesting of a document, counted from its root; deeper values are a ``depth`` error."""


def check_mode(mode: str) -> None:
    """Refuse a mode that is not ``strict`` or ``lenient`` (a caller's error, not data's).

    Raises:
        ValueError: for any other mode.
    """
    if mode not in MODES:
        msg = f"mode must be 'strict' or 'lenient', not {mode!r}"
        raise ValueError(msg)
