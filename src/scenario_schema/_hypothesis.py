"""``st.from_type`` for every contract class, registered only once both packages are loaded.

Hypothesis loads the plugin module ``_scenario_schema_hypothesis`` (outside this
package, so loading it imports nothing) through its ``hypothesis`` entry point;
that module registers only if the contract classes are already built. Otherwise
they register when they are built (``models`` runs the facade's callback, see
``_hooks``), if Hypothesis is loaded by then. Either way,
importing Hypothesis alone never imports the contract, and a failure here never
breaks Hypothesis: registration is best effort and never raises.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType
from typing import Any

from ._hooks import classes_are_built

__all__ = ["register", "register_if_hypothesis_loaded"]

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register a deferred strategy for every contract class (once; never raises, never waits).

    Nothing is imported under the lock but Hypothesis's strategies, and the lock is never
    waited for: a thread that finds it taken returns, since the thread holding it is
    registering (and may itself be waiting for an import this thread is in, such as
    Hypothesis's own, whose plugin calls here). Classes not built yet register when they
    are (``_hooks``): the call from their import returns at once if it re-enters.
    """
    global _registered  # noqa: PLW0603 - a once-only flag
    if _registered or not _lock.acquire(blocking=False):
        return
    try:
        models = sys.modules.get("scenario_schema.models")
        if _registered or models is None or not classes_are_built():
            return
        _register_all(models)
        _registered = True
    except Exception:  # never break the user's Hypothesis
        return
    finally:
        _lock.release()


def register_if_hypothesis_loaded() -> None:
    """Register now if Hypothesis's strategies are imported (called once the classes exist)."""
    if "hypothesis.strategies" in sys.modules:
        register()


def _register_all(models: ModuleType) -> None:
    from hypothesis import strategies as st

    def resolve(cls: type[Any]) -> st.SearchStrategy[Any]:
        # Called by st.from_type when a strategy is first asked for: only then is the
        # strategies module (and its helpers) imported.
        from .strategies import instances

        return instances(cls)

    for name in models.__all__:
        cls = getattr(models, name)
        if cls is not models.Contract:
            st.register_type_strategy(cls, resolve)
