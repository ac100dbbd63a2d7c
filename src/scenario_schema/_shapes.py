"""``--schema auto``: which schema a document is, from its shape, or why that cannot be told.

Four shapes are told apart by their keys (the names documented in any revision,
so the answer does not depend on the revision checked against):

- a train/action response: a ``model`` and no ``id``;
- a train/action body: an ``action``;
- a Model: an ``id``, or mostly names a Model documents;
- training parameters: only names ``ModelParameters`` documents, or likely typos
  of them (``_typos.likely_typo``).

A document that fits none, or more than one, is not guessed: :func:`detect_schema`
says so, and the command line asks for ``--schema`` (``docs/spec-notes.md``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs

from ._fields import class_spec
from ._revisions import REVISIONS
from ._typos import likely_typo
from .models import Model, ModelParameters, SchemaName

__all__ = ["SHAPES", "Unrecognised", "detect_schema"]

SHAPES = "a Model, a train/action response, a train/action body or training parameters"
"""The shapes ``--schema auto`` knows, in words."""


@attrs.frozen
class Unrecognised:
    """Why no schema could be told from a document's shape: a one-line message."""

    message: str


def _documented(cls: type) -> frozenset[str]:
    return frozenset(
        field.wire for revision in REVISIONS for field in class_spec(cls, revision).fields
    )


@functools.cache
def _model_names() -> frozenset[str]:
    return _documented(Model)


@functools.cache
def _parameter_names() -> frozenset[str]:
    return _documented(ModelParameters)


def detect_schema(payload: Any) -> SchemaName | Unrecognised:
    """The schema a document's shape says it is, or :class:`Unrecognised` with the reason."""
    if not isinstance(payload, Mapping):
        return Unrecognised(f"not a JSON object, so not {SHAPES}: name one with --schema")
    if "model" in payload and "id" not in payload and "action" not in payload:
        return "train-action-response"  # the common case first, and cheaply
    fits: list[SchemaName] = []
    if "model" in payload and "id" not in payload:
        fits.append("train-action-response")
    if "action" in payload:
        fits.append("train-action-params")
    if "id" in payload or _mostly_model(payload):
        fits.append("model")
    # Parameter names share none with the other shapes' keys: looked at only when none fits
    # (the typo rule is the costly part, and a Model's keys are not parameters).
    if not fits and payload and _only_parameters(payload):
        fits.append("model-parameters")
    if len(fits) == 1:
        return fits[0]
    if fits:
        return Unrecognised(
            f"its shape fits several schemas ({', '.join(fits)}): name one with --schema"
        )
    return Unrecognised(f"its shape fits no schema ({SHAPES}): name one with --schema")


def _mostly_model(payload: Mapping[Any, Any]) -> bool:
    """More than half of the keys are names a Model documents (a Model that lost its id)."""
    names = _model_names()
    return sum(1 for key in payload if key in names) * 2 > len(payload)


def _only_parameters(payload: Mapping[Any, Any]) -> bool:
    """Every key is a documented parameter name, or a likely typo of one."""
    names = _parameter_names()
    return all(
        isinstance(key, str) and (key in names or _parameter_typo(key) is not None)
        for key in payload
    )


@functools.lru_cache(maxsize=1024)
def _parameter_typo(key: str) -> str | None:
    """The parameter name ``key`` is probably a typo of (a stream repeats its typos)."""
    return likely_typo(key, _parameter_names())
