"""JSON Schema (Draft 2020-12) generated from the classes, for consumers outside Python.

Everything comes from the field specs (``_fields.class_spec``): property names,
``required``, types, ``enum``, bounds, ``maxLength``, descriptions. Nothing is
typed twice. Nullability is a type list (``["string", "null"]``), never
``anyOf``, so a validator reports an error at the same JSON Pointer as
:func:`scenario_schema.validate`: the ``$defs`` object schemas carry no
``type`` of their own and the place that uses one says ``object`` or
``["object", "null"]``. Each contract revision has its own schemas, named for it
(``model.page.schema.json``, ``model.sdk-2.4.schema.json``...); the files without a
revision in their name (``model.schema.json``) are the default revision's, ``latest``.
"""

from __future__ import annotations

import json
from typing import Any, cast

from ._api import resolve_schema
from ._fields import AnyValue, Array, ClassSpec, Enum, FieldSpec, Map, Object, Scalar, Shape
from ._fields import class_spec as spec_of
from ._options import MODES, Mode, check_mode
from ._revisions import REVISIONS, Revision, resolve_revision
from .models import SCHEMAS, Contract, SchemaName, schema_name

__all__ = [
    "SCHEMA_FILES",
    "SCHEMA_REVISIONS",
    "json_schema",
    "schema_file_name",
    "schema_text",
    "shipped_schema",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONTRACT_MAJOR_VERSION = 0
"""Bumped with every breaking change of the contract; part of every ``$id``."""
_ID_BASE = f"https://scenario-schema.dev/schemas/v{CONTRACT_MAJOR_VERSION}/"

_UNDOCUMENTED = (
    " Properties the API reference does not document are allowed (scenario-schema"
    " reports them as `unknown-field` warnings)."
)
_CLOSED = (
    " Properties the API reference does not document are not allowed: a closed schema,"
    " as scenario-schema's forbid_unknown (`unknown-field` errors); free-form values"
    " stay open."
)
_REVISION = " Contract revision {revision} (see docs/revisions.md)."
_LATEST = (
    " Contract revision latest, the newest (today {revision}): it follows the API;"
    " pin a revision's own schema ({pinned}) for reproducible results"
    " (see docs/revisions.md)."
)
_LENIENT = (
    " Lenient variant: enum fields also accept any other value of the same JSON type,"
    " so a consumer keeps working when the API adds a value."
)


def schema_file_name(
    name: str, mode: Mode = "strict", revision: str = "latest", *, closed: bool = False
) -> str:
    """The file name of a shipped schema: ``model.schema.json``, ``model.page.lenient.schema.json``.

    ``latest`` (the default revision) has no revision in its names, as it follows the
    newest; a revision named has its name in them: ``model.sdk-2.4.schema.json``,
    ``model.page.lenient.schema.json``. A closed schema (``forbid_unknown``) ends in
    ``.closed.schema.json``.
    """
    parts = [name]
    if revision != "latest":
        parts.append(resolve_revision(revision))
    if mode != "strict":
        parts.append(mode)
    if closed:
        parts.append("closed")
    return ".".join(parts) + ".schema.json"


SCHEMA_REVISIONS: tuple[Revision, ...] = ("latest", *cast("tuple[Revision, ...]", REVISIONS))
"""The revisions with shipped schemas: ``latest`` (the default, unnamed) and each by name."""

SCHEMA_FILES = tuple(
    schema_file_name(name, mode, revision)
    for revision in SCHEMA_REVISIONS
    for name in SCHEMAS
    for mode in MODES
)
"""Every file shipped in ``scenario_schema/schemas`` (and ``schemas/`` in the repository)."""


def json_schema(
    schema: SchemaName | type[Contract],
    *,
    mode: Mode = "strict",
    revision: Revision = "latest",
    forbid_unknown: bool = False,
) -> dict[str, Any]:
    """The JSON Schema of a document, generated from the classes.

    Args:
        schema: A contract class, or ``model``, ``train-action-response``,
            ``train-action-params`` or ``model-parameters``.
        mode: ``strict`` lists every enum; ``lenient`` lets enum fields take any
            value of the same JSON type.
        revision: The contract revision it describes (``latest``, the newest, by default).
        forbid_unknown: A closed schema: every contract object says
            ``additionalProperties: false``, so it refuses what ``validate(...,
            forbid_unknown=True)`` refuses; free-form values stay open. Off by
            default: the API may add fields.

    Raises:
        ValueError: for an unknown schema name, mode or revision.
    """
    check_mode(mode)
    resolved = resolve_revision(revision)
    cls = resolve_schema(schema)
    name = schema_name(cls)
    defs: dict[str, dict[str, Any]] = {}
    root = _object_schema(spec_of(cls, resolved), mode, defs)
    undocumented = _CLOSED if forbid_unknown else _UNDOCUMENTED
    description = root.pop("description") + undocumented + (_LENIENT if mode == "lenient" else "")
    if revision == "latest":
        pinned = schema_file_name(name, mode, resolved)
        description += _LATEST.format(revision=resolved, pinned=pinned)
    else:
        description += _REVISION.format(revision=resolved)
    document: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": _ID_BASE + schema_file_name(name, mode, revision, closed=forbid_unknown),
        "title": cls.__name__,
        "description": description,
        "type": "object",
        **root,
    }
    if defs:
        document["$defs"] = dict(sorted(defs.items()))
    if forbid_unknown:
        _close(document)
    return document


def _close(document: dict[str, Any]) -> None:
    """Refuse undocumented properties in every contract object of a schema (in place).

    Each object's properties are all in its own ``properties`` (no ``allOf``), so
    ``additionalProperties: false`` is exact; maps (``additionalProperties`` of a
    schema) and free-form values (``{}``) are not contract objects and stay open.
    """
    for schema in (document, *document.get("$defs", {}).values()):
        schema["additionalProperties"] = False


def schema_text(
    schema: SchemaName | type[Contract],
    *,
    mode: Mode = "strict",
    revision: Revision = "latest",
    forbid_unknown: bool = False,
) -> str:
    """The schema as the text of its shipped file (2-space indent, final newline)."""
    document = json_schema(schema, mode=mode, revision=revision, forbid_unknown=forbid_unknown)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def shipped_schema(
    name: SchemaName, mode: Mode = "strict", revision: Revision = "latest"
) -> dict[str, Any]:
    """A schema file shipped inside the package, read with :mod:`importlib.resources`."""
    import importlib.resources  # here: a cost of reading a shipped file only

    file_name = schema_file_name(name, mode, revision)
    resource = importlib.resources.files("scenario_schema") / "schemas" / file_name
    loaded: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return loaded


def _object_schema(spec: ClassSpec, mode: Mode, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An object's keywords without ``type``: the place that uses it decides nullability."""
    schema: dict[str, Any] = {
        "description": spec.doc,
        "properties": {
            field.wire: _field_schema(field, mode, defs, spec.revision) for field in spec.fields
        },
    }
    required = [field.wire for field in spec.fields if field.required]
    if required:
        schema["required"] = required
    return schema


def _field_schema(
    field: FieldSpec, mode: Mode, defs: dict[str, dict[str, Any]], revision: str
) -> dict[str, Any]:
    schema = _shape_schema(field.shape, mode, defs, revision, nullable=field.nullable)
    return {"description": field.doc, **schema}


def _shape_schema(
    shape: Shape,
    mode: Mode,
    defs: dict[str, dict[str, Any]],
    revision: str,
    *,
    nullable: bool = False,
) -> dict[str, Any]:
    def typed(name: str) -> dict[str, Any]:
        return {"type": [name, "null"] if nullable else name}

    if isinstance(shape, Scalar):
        json_type = {"string": "string", "number": "number", "boolean": "boolean"}[shape.kind]
        schema = typed(json_type)
        schema.update(shape.constraints.keywords())
        return schema
    if isinstance(shape, Enum):
        schema = typed(shape.kind)
        values: list[Any] = list(shape.values)
        if mode == "strict":
            schema["enum"] = [*values, None] if nullable else values
        else:
            schema["examples"] = values
        return schema
    if isinstance(shape, Array):
        return {**typed("array"), "items": _shape_schema(shape.item, mode, defs, revision)}
    if isinstance(shape, Map):
        each = _shape_schema(shape.value, mode, defs, revision)
        return {**typed("object"), "additionalProperties": each}
    if isinstance(shape, Object):
        name = shape.cls.__name__
        if name not in defs:
            defs[name] = {}  # placeholder first: a class reachable from itself terminates
            defs[name] = _object_schema(spec_of(shape.cls, revision), mode, defs)
        return {"$ref": f"#/$defs/{name}", **typed("object")}
    assert isinstance(shape, AnyValue)
    return {}  # any JSON value, null included
