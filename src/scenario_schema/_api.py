"""The three verbs of the contract: ``validate``, ``load`` and ``dump``."""

from __future__ import annotations

from typing import Any, TypeVar

from ._converter import dump_object, structure_object
from ._report import ContractError, Issue, Report
from ._validate import Mode, checker, structuring
from .models import SCHEMAS, Contract

__all__ = ["dump", "load", "resolve_schema", "validate"]

_C = TypeVar("_C", bound=Contract)


def resolve_schema(schema: str | type[Contract]) -> type[Contract]:
    """The class a schema name (``model``, ``train-action-response``...) or class stands for.

    Raises:
        ValueError: for a name that is not a schema.
        TypeError: for anything that is neither a name nor a contract class.

    """
    if isinstance(schema, str):
        try:
            return SCHEMAS[schema]
        except KeyError:
            known = ", ".join(SCHEMAS)
            msg = f"unknown schema {schema!r}; known: {known}"
            raise ValueError(msg) from None
    if isinstance(schema, type) and issubclass(schema, Contract) and schema is not Contract:
        return schema
    msg = f"schema must be a schema name or a contract class, not {schema!r}"
    raise TypeError(msg)


def _issues(payload: Any, cls: type[Contract], mode: Mode, check_formats: bool) -> list[Issue]:
    out: list[Issue] = []
    checker(cls, mode, check_formats=check_formats)(payload, "", out)
    return out


def validate(
    payload: Any,
    schema: str | type[Contract],
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
) -> Report:
    """Check a JSON document against the contract and report every issue, each at its path.

    Args:
        payload: A decoded JSON value (``json.loads`` output); anything else is reported.
        schema: A contract class, or ``model``, ``train-action-response``,
            ``train-action-params`` or ``model-parameters``.
        mode: ``strict`` makes every documented constraint an error; ``lenient``
            lets enum values the page does not list through as ``unknown-enum`` warnings.
        check_formats: Also check ``date-time`` strings (off by default: the page's
            own example holds placeholders such as ``"createdAt"``).

    Raises:
        ValueError: for an unknown schema name or mode (the document is never the cause).

    """
    return Report(tuple(_issues(payload, resolve_schema(schema), mode, check_formats)))


def load(
    cls: type[_C],
    payload: Any,
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
) -> _C:
    """Build a contract object from a JSON document, or refuse it with every issue.

    Undocumented fields are kept in ``extra``, and in lenient mode enum values the
    page does not list are kept as they are, so ``dump(load(cls, p)) == p``.

    Raises:
        ContractError: with every issue of the document, when it has an error.

    """
    target = resolve_schema(cls)
    issues = _issues(payload, target, mode, check_formats)
    if any(issue.severity == "error" for issue in issues):
        raise ContractError(issues)
    with structuring():
        return structure_object(payload, cls)


def dump(obj: Contract) -> dict[str, Any]:
    """The JSON-ready dict of a contract object, with camelCase keys.

    Fields left out stay out, fields sent as ``null`` come back as ``null``, and
    undocumented fields kept by :func:`load` come back unchanged.
    """
    return dump_object(obj)
