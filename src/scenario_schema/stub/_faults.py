"""Faults the stub injects on request: failing statuses, latency, closed connections, drift.

Every fault is off by default. A :class:`Fault` fires on every request, on the
``nth`` one, or at a ``rate`` drawn from the stub's seeded random generator, so a
run with the same seed and the same requests fails the same way.
"""

from __future__ import annotations

import random
from typing import Literal, get_args

import attrs

from .._revisions import resolve_revision

__all__ = ["FAULT_KINDS", "Fault", "FaultKind", "parse_fault"]

FaultKind = Literal["429", "500", "503", "latency", "close", "undocumented", "revision"]
"""What a fault does: answer 429 (with ``Retry-After``), 500 or 503; wait ``seconds``
first; close the connection without an answer; serve models with undocumented fields;
serve them as another ``revision`` would."""

FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)

STATUS_KINDS = frozenset({"429", "500", "503"})
DRIFT_KINDS = frozenset({"undocumented", "revision"})


def _check_rate(_instance: object, _attribute: object, value: float | None) -> None:
    if value is not None and not 0 <= value <= 1:
        msg = f"rate must be from 0 to 1, not {value!r}"
        raise ValueError(msg)


def _check_nth(_instance: object, _attribute: object, value: int | None) -> None:
    if value is not None and value < 1:
        msg = f"nth counts requests from 1, not {value!r}"
        raise ValueError(msg)


def _check_seconds(_instance: object, _attribute: object, value: float | None) -> None:
    if value is not None and not 0 <= value <= 60:
        msg = f"seconds must be from 0 to 60, not {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Fault:
    """One fault: what it does (``kind``) and on which requests.

    Attributes:
        kind: One of :data:`FAULT_KINDS`.
        rate: The probability that it fires on a request (seeded); with neither
            ``rate`` nor ``nth`` it fires on every request.
        nth: Fire on the nth request the stub receives (from 1), and only on it.
        seconds: For ``latency``, the delay; for ``429``, ``500`` and ``503``, the
            ``Retry-After`` the answer carries (``429`` without it says 1 second).
        revision: For ``revision``, the revision whose fields and values are served.

    Raises:
        ValueError: for an unknown kind, a rate outside [0, 1], an ``nth`` below 1,
            seconds outside [0, 60], both ``rate`` and ``nth``, or a ``revision`` fault
            without a known revision.
    """

    kind: FaultKind = attrs.field(validator=attrs.validators.in_(FAULT_KINDS))
    rate: float | None = attrs.field(default=None, validator=_check_rate)
    nth: int | None = attrs.field(default=None, validator=_check_nth)
    seconds: float | None = attrs.field(default=None, validator=_check_seconds)
    revision: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.kind == "revision") != (self.revision is not None):
            msg = "a revision fault, and only it, names a revision"
            raise ValueError(msg)
        if self.revision is not None:
            resolve_revision(self.revision)
        if self.rate is not None and self.nth is not None:
            msg = "give rate or nth, not both"
            raise ValueError(msg)

    def fires(self, number: int, draw: random.Random) -> bool:
        """Whether the fault fires on request ``number`` (from 1); draws from ``draw``."""
        if self.nth is not None:
            return number == self.nth
        if self.rate is None:
            return True
        return draw.random() < self.rate


_KEYS = {"rate": float, "nth": int, "seconds": float, "revision": str}


def parse_fault(text: str) -> Fault:
    """A fault from its command-line form: ``KIND[,key=value...]``.

    Keys are ``rate``, ``nth``, ``seconds`` and ``revision``: ``429``,
    ``500,nth=2``, ``503,rate=0.1``, ``latency,seconds=0.2``, ``close,nth=1``,
    ``undocumented``, ``revision,revision=page``.

    Raises:
        ValueError: for text that does not name a fault, or a bad value.
    """
    kind, *settings = text.split(",")
    if kind not in FAULT_KINDS:
        msg = f"unknown fault {kind!r}; known: {', '.join(FAULT_KINDS)}"
        raise ValueError(msg)
    given: dict[str, object] = {}
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep or key not in _KEYS:
            msg = f"expected key=value with a key of {', '.join(_KEYS)}, not {setting!r}"
            raise ValueError(msg)
        try:
            given[key] = _KEYS[key](value)
        except ValueError:
            msg = f"{key} must be a {_KEYS[key].__name__}, not {value!r}"
            raise ValueError(msg) from None
    return Fault(kind, **given)  # type: ignore[arg-type]
