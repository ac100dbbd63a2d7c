"""The three verbs of the contract: ``validate``, ``load`` and ``dump``.

They run the generated fast path (``_fastpath``); the plain path (``_validate``'s
walker and ``_converter``'s cattrs converter) is the reference it is tested against.
"""

from __future__ import annotations

from typing import Any, TypeVar

from ._fastpath import checker, dumper, loader
from ._report import ContractError, Issue, Report
from ._revisions import Revision, resolve_revision
from ._validate import Mode, check_mode
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


def validate(
    payload: Any,
    schema: str | type[Contract],
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    revision: Revision = "page",
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
        revision: The contract revision to check against: ``page`` (the reference
            page, the default), ``sdk-2.4``, or ``latest`` (see ``docs/revisions.md``).

    Raises:
        ValueError: for an unknown schema name, mode or revision (the document is
            never the cause).

    """
    check_mode(mode)
    resolve_revision(revision)
    out: list[Issue] = []
    check = checker(resolve_schema(schema), mode, check_formats=check_formats, revision=revision)
    check(payload, "", out)
    return Report(tuple(out))


def load(
    cls: type[_C],
    payload: Any,
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    revision: Revision = "page",
) -> _C:
    """Build a contract object from a JSON document, or refuse it with every issue.

    Undocumented fields are kept in ``extra``, and in lenient mode enum values the
    page does not list are kept as they are, so ``dump(load(cls, p)) == p``. A field
    documented in another ``revision`` only is undocumented in this one: under
    ``page``, a ``deletedAt`` stays in ``extra``; under ``sdk-2.4`` it is ``deleted_at``.

    Raises:
        ContractError: with every issue of the document, when it has an error.
        ValueError: for an unknown mode or revision.

    """
    check_mode(mode)
    resolve_revision(revision)
    issues: list[Issue] = []
    build = loader(resolve_schema(cls), mode, check_formats=check_formats, revision=revision)
    built = build(payload, "", issues)
    if any(issue.severity == "error" for issue in issues):
        raise ContractError(issues)
    loaded: _C = built
    return loaded


def dump(obj: Contract) -> dict[str, Any]:
    """The JSON-ready dict of a contract object, with camelCase keys.

    Fields left out stay out, fields sent as ``null`` come back as ``null``, and
    undocumented fields kept by :func:`load` come back unchanged.
    """
    if not isinstance(obj, Contract):
        msg = f"dump() takes an object of the contract, not a {type(obj).__name__}"
        raise TypeError(msg)
    dumped: dict[str, Any] = dumper(type(obj))(obj)
    return dumped
