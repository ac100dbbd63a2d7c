"""Hypothesis plugin: ``st.from_type`` for every contract class, without importing strategies.

Hypothesis calls :func:`register` through the ``hypothesis`` entry point when it is
imported; the strategies module (and so this package's test helpers) loads only
when an example is first drawn.
"""

from __future__ import annotations

from typing import Any


def register() -> None:
    """Register a deferred strategy for every contract class."""
    from hypothesis import strategies as st

    from . import models

    def for_class(cls: type[Any]) -> st.SearchStrategy[Any]:
        def build() -> st.SearchStrategy[Any]:
            from .strategies import instances

            return instances(cls)

        return st.deferred(build)

    for name in models.__all__:
        cls = getattr(models, name)
        if cls is not models.Contract:
            st.register_type_strategy(cls, for_class(cls))
