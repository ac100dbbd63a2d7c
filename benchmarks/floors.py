"""Lower bounds for `validate`: what no validator of a parsed document can beat by much.

`type_walk` visits every value of a decoded JSON document and checks only its JSON
type: the least a validator does that must look at every value. The benchmark times
it (and `json.loads` of the document's text) on the same payloads as the contenders.
"""

from __future__ import annotations

from typing import Any

__all__ = ["type_walk"]


def type_walk(value: Any) -> bool:
    """Whether every value in ``value`` is of a JSON type (exact types, string keys)."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():  # noqa: SIM110 (a loop: faster than all() and a genexpr)
            if type(key) is not str or not type_walk(item):
                return False
        return True
    if kind is list:
        for item in value:  # noqa: SIM110
            if not type_walk(item):
                return False
        return True
    return kind is str or kind is int or kind is float or kind is bool or value is None
