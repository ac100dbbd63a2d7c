"""``st.from_type`` for every contract class, registered only once both packages are loaded.

Hypothesis loads the plugin module ``_scenario_schema_hypothesis`` (outside this
package, so loading it imports nothing) through its ``hypothesis`` entry point;
that module registers only if this package is already imported. Otherwise this
package registers when it is imported, if Hypothesis already is. Either way,
importing Hypothesis alone never imports the contract, and a failure here never
breaks Hypothesis: registration is best effort and never raises.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

__all__ = ["register", "register_if_hypothesis_loaded"]

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register a deferred strategy for every contract class (once; never raises)."""
    global _registered  # noqa: PLW0603 - a once-only flag
    with _lock:
        if _registered:
            return
        try:
            _register_all()
        except Exception:  # never break the user's Hypothesis
            return
        _registered = True


def register_if_hypothesis_loaded() -> None:
    """Register now if Hypothesis's strategies are already imported (called at package import)."""
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
