"""Hypothesis plugin of scenario-schema: costs nothing unless scenario-schema is imported.

Hypothesis calls :func:`plugin` through its ``hypothesis`` entry point at import.
This module sits outside the ``scenario_schema`` package so that loading it does
not import the contract; it registers ``st.from_type`` strategies only when the
contract classes are already built (the package registers them when they are built
otherwise, see ``scenario_schema._hooks``). It never raises.
"""

from __future__ import annotations

import sys

__all__ = ["plugin"]


def plugin() -> None:
    """Register the contract's strategies if its classes are already built."""
    hooks = sys.modules.get("scenario_schema._hooks")
    if hooks is None or not hooks.classes_are_built():
        return
    try:
        from scenario_schema._hypothesis import register

        register()
    except Exception:  # a broken install must not break Hypothesis
        return
