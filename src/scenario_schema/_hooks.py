"""What runs once the contract classes are built: how a higher group hears of it.

``models`` sits below the verbs, so it cannot import the Hypothesis registration
(``_hypothesis``, a verb); the facade, which every import of the package runs
first, adds that callback here, and ``models`` calls :func:`classes_built` at its
end. A callback never raises into the import that built the classes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["classes_are_built", "classes_built", "when_classes_built"]

_callbacks: list[Callable[[], None]] = []
_built = threading.Event()
"""Set once :func:`classes_built` has run: every contract class exists."""


def classes_are_built() -> bool:
    """Whether every contract class exists (``models`` may still be finishing its import)."""
    return _built.is_set()


def when_classes_built(callback: Callable[[], None]) -> None:
    """Call ``callback`` each time :func:`classes_built` runs (once per added callback)."""
    if callback not in _callbacks:
        _callbacks.append(callback)


def classes_built() -> None:
    """Run the callbacks (``models`` calls this once its classes exist); never raises."""
    _built.set()
    for callback in tuple(_callbacks):
        try:
            callback()
        except Exception:  # a callback must not break the import
            continue
