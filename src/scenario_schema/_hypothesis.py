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
from typing import Any

__all__ = ["register", "register_if_hypothesis_loaded"]

_lock = threading.RLock()
_registered = False
_registering = False


def register() -> None:
    """Register a deferred strategy for every contract class (once; never raises).

    Registering may import the contract classes, whose import calls back here (see
    ``_hooks``): that inner call returns at once, and the outer one registers.
    """
    global _registered, _registering  # noqa: PLW0603 - once-only flags
    with _lock:
        if _registered or _registering:
            return
        _registering = True
        try:
            _register_all()
        except Exception:  # never break the user's Hypothesis
            return
        else:
            _registered = True
        finally:
            _registering = False


def register_if_hypothesis_loaded() -> None:
    """Register now if Hypothesis's strategies are imported (called once the classes exist)."""
    if "hypothesis.strategies" in sys.modules:
        register()


def _register_all() -> None:
    from hypothesis import strategies as st

    from . import models

    def resolve(cls: type[Any]) -> st.SearchStrategy[Any]:
        # Called by st.from_type when a strategy is first asked for: only then is the
        # strategies module (and its helpers) imported.
        from .strategies import instances

        return instances(cls)

    for name in models.__all__:
        cls = getattr(models, name)
        if cls is not models.Contract:
            st.register_type_strategy(cls, resolve)
