"""The verbs of the contract: ``validate``, ``load`` and ``dump``, and the ``_json`` pair.

They run the engine (``_engine``): generated code first, the reference walker on a
document it has a doubt about.
``validate_json`` and ``load_json`` take JSON text and decode it as the command
line does (``_json_text``), so a text that is not JSON is an issue, not an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar, overload

from ._engine import document_check, document_loader, dumper
from ._json_text import decode_json, encode_json
from ._options import Mode, check_mode
from ._report import ContractError, Issue, Report, forbidding_unknown, report_of
from ._revisions import Revision, resolve_revision
from .models import (
    SCHEMAS,
    Contract,
    Model,
    ModelParameters,
    SchemaName,
    TrainActionParams,
    TrainActionResponse,
)

__all__ = [
    "dump",
    "dump_json",
    "load",
    "load_json",
    "resolve_schema",
    "validate",
    "validate_json",
]

_C = TypeVar("_C", bound=Contract)


def resolve_schema(schema: SchemaName | type[Contract]) -> type[Contract]:
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
    schema: SchemaName | type[Contract],
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    revision: Revision = "latest",
    forbid_unknown: bool = False,
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
        revision: The contract revision to check against: ``latest`` (the newest,
            today ``sdk-2.4``: the default), ``sdk-2.4`` or ``page`` (the reference
            page); name one to pin the result (see ``docs/revisions.md``).
        forbid_unknown: Make every undocumented field an error (``unknown-field``,
            at its pointer) rather than a warning; free-form (``object``) values
            stay open. Off by default: the API may add fields.

    Raises:
        ValueError: for an unknown schema name, mode or revision (the document is
            never the cause).

    """
    try:
        issues_of = _CHECKS.get((schema, mode, check_formats, revision))
    except TypeError:  # an unhashable schema: refused below, with the usual message
        issues_of = None
    if issues_of is None:
        issues_of = _check(schema, mode, check_formats, revision)
    issues = issues_of(payload)
    return report_of(forbidding_unknown(issues) if forbid_unknown else issues)


_CHECKS: dict[tuple[Any, str, bool, str], Callable[[Any], list[Issue]]] = {}
"""The checks asked for so far, by the arguments that asked (every key was accepted)."""
_CHECKS_KEPT = 64


def _check(
    schema: Any, mode: Mode, check_formats: bool, revision: Revision
) -> Callable[[Any], list[Issue]]:
    """The check of a schema's documents, after refusing arguments that do not name one."""
    check_mode(mode)
    resolve_revision(revision)
    cls = resolve_schema(schema)
    issues_of = document_check(cls, mode, check_formats=check_formats, revision=revision)
    if len(_CHECKS) < _CHECKS_KEPT:
        _CHECKS[(schema, mode, check_formats, revision)] = issues_of
    return issues_of


# A schema name loads its class (resolve_schema): typed here, one overload per name.
@overload
def load(
    cls: Literal["model"],
    payload: Any,
    *,
    mode: Mode = ...,
    check_formats: bool = ...,
    revision: Revision = ...,
    forbid_unknown: bool = ...,
) -> Model: ...
@overload
def load(
    cls: Literal["train-action-response"],
    payload: Any,
    *,
    mode: Mode = ...,
    check_formats: bool = ...,
    revision: Revision = ...,
    forbid_unknown: bool = ...,
) -> TrainActionResponse: ...
@overload
def load(
    cls: Literal["train-action-params"],
    payload: Any,
    *,
    mode: Mode = ...,
    check_formats: bool = ...,
    revision: Revision = ...,
    forbid_unknown: bool = ...,
) -> TrainActionParams: ...
@overload
def load(
    cls: Literal["model-parameters"],
    payload: Any,
    *,
    mode: Mode = ...,
    check_formats: bool = ...,
    revision: Revision = ...,
    forbid_unknown: bool = ...,
) -> ModelParameters: ...
@overload
def load(
    cls: type[_C],
    payload: Any,
    *,
    mode: Mode = ...,
    check_formats: bool = ...,
    revision: Revision = ...,
    forbid_unknown: bool = ...,
) -> _C: ...


def load(
    cls: type[_C] | SchemaName,
    payload: Any,
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    revision: Revision = "latest",
    forbid_unknown: bool = False,
) -> _C:
    """Build a contract object from a JSON document, or refuse it with every issue.

    ``cls`` is a contract class, or a schema name as :func:`validate` takes
    (``load("model", payload)`` is a :class:`Model`).

    Undocumented fields are kept in ``extra``, and in lenient mode enum values the
    page does not list are kept as they are, so ``dump(load(cls, p)) == p``. A field
    documented in another ``revision`` only is undocumented in this one: under
    ``page``, a ``deletedAt`` stays in ``extra``; under ``sdk-2.4`` it is ``deleted_at``.
    With ``forbid_unknown``, an undocumented field is an error instead (as for
    :func:`validate`), so nothing lands in ``extra``.

    Raises:
        ContractError: with every issue of the document, when it has an error.
        ValueError: for an unknown mode or revision.

    """
    try:
        build = _LOADS.get((cls, mode, check_formats, revision))
    except TypeError:  # an unhashable argument: refused below, with the usual message
        build = None
    if build is None:
        build = _loader(cls, mode, check_formats, revision)
    if forbid_unknown:  # the open check first: an undocumented field is then an error
        report = validate(
            payload, resolve_schema(cls), mode=mode, check_formats=check_formats,
            revision=revision, forbid_unknown=True,
        )  # fmt: skip
        if not report.ok:
            raise ContractError(report.issues)
    loaded: _C = build(payload)
    return loaded


_LOADS: dict[tuple[Any, str, bool, str], Callable[[Any], Any]] = {}
"""The loaders asked for so far, by the arguments that asked (every key was accepted)."""


def _loader(cls: Any, mode: Mode, check_formats: bool, revision: Revision) -> Callable[[Any], Any]:
    """The loader of a class's documents, after refusing arguments that do not name one."""
    check_mode(mode)
    resolve_revision(revision)
    build = document_loader(
        resolve_schema(cls), mode, check_formats=check_formats, revision=revision
    )
    if len(_LOADS) < _CHECKS_KEPT:
        _LOADS[(cls, mode, check_formats, revision)] = build
    return build


def dump(obj: Contract) -> dict[str, Any]:
    """The JSON-ready dict of a contract object, with camelCase keys.

    Fields left out stay out, fields sent as ``null`` come back as ``null``, and
    undocumented fields kept by :func:`load` come back unchanged.
    """
    dump_object = _DUMPS.get(obj.__class__)
    if dump_object is None:
        if not isinstance(obj, Contract):
            msg = f"dump() takes an object of the contract, not a {type(obj).__name__}"
            raise TypeError(msg)
        dump_object = _DUMPS[type(obj)] = dumper(type(obj))
    dumped: dict[str, Any] = dump_object(obj)
    return dumped


_DUMPS: dict[type, Callable[[Any], dict[str, Any]]] = {}
"""The dumpers asked for so far, by the class of the object (contract classes only)."""


def validate_json(
    data: str | bytes | bytearray,
    schema: SchemaName | type[Contract],
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    revision: Revision = "latest",
    forbid_unknown: bool = False,
) -> Report:
    """Decode JSON text and :func:`validate` it: text that is not JSON is an issue too.

    Text that cannot be decoded gives one ``json`` issue at ``""`` (bytes
    that are not UTF-8 included; text nested too deep to decode is ``depth``).
    ``NaN`` and ``Infinity`` tokens are reported at their field (``not-finite``),
    and a key given twice keeps its last value, as :func:`json.loads` does.

    Args:
        data: The JSON text, as ``str`` or UTF-8 ``bytes``.
        schema: As for :func:`validate`.
        mode: As for :func:`validate`.
        check_formats: As for :func:`validate`.
        revision: As for :func:`validate`.
        forbid_unknown: As for :func:`validate`.

    Raises:
        ValueError: for an unknown schema name, mode or revision (the text is never
            the cause).
        TypeError: when ``data`` is not text.

    """
    check_mode(mode)
    resolve_revision(revision)
    cls = resolve_schema(schema)
    payload, problem = decode_json(_text(data, "validate_json"))
    if problem is not None:
        return Report((problem,))
    return validate(
        payload,
        cls,
        mode=mode,
        check_formats=check_formats,
        revision=revision,
        forbid_unknown=forbid_unknown,
    )


def load_json(
    cls: type[_C],
    data: str | bytes | bytearray,
    *,
    mode: Mode = "strict",
    check_formats: bool = False,
    revision: Revision = "latest",
    forbid_unknown: bool = False,
) -> _C:
    """Decode JSON text and :func:`load` it, or refuse it with every issue.

    Raises:
        ContractError: with every issue of the document, or with the one
            ``json`` (or ``depth``) issue of text that cannot be decoded.
        TypeError: when ``data`` is not text.

    """
    check_mode(mode)
    resolve_revision(revision)
    resolve_schema(cls)
    payload, problem = decode_json(_text(data, "load_json"))
    if problem is not None:
        raise ContractError((problem,))
    return load(
        cls,
        payload,
        mode=mode,
        check_formats=check_formats,
        revision=revision,
        forbid_unknown=forbid_unknown,
    )


def _text(data: object, caller: str) -> str | bytes | bytearray:
    if not isinstance(data, (str, bytes, bytearray)):
        msg = f"{caller}() takes JSON text (str or bytes), not a {type(data).__name__}"
        raise TypeError(msg)
    return data


def dump_json(obj: Contract) -> bytes:
    """The JSON text of a contract object, as compact UTF-8 bytes.

    The bytes of ``json.dumps(dump(obj), separators=(",", ":"), ensure_ascii=False)``
    encoded to UTF-8 (integers of any size exact, keys in :func:`dump`'s order), written
    by msgspec when the ``fast`` extra is installed, byte for byte the same. A string
    holding a lone surrogate, which UTF-8 cannot encode, is written with non-ASCII
    characters escaped (``ensure_ascii=True``) instead.
    """
    return encode_json(dump(obj))
