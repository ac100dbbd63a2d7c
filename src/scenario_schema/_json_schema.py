"""JSON Schema (Draft 2020-12) generated from the classes, for consumers outside Python.

Everything comes from the field specs (``_fields.class_spec``): property names,
``required``, types, ``enum``, bounds, ``maxLength``, descriptions. Nothing is
typed twice. Nullability is a type list (``["string", "null"]``), never
``anyOf``, so a validator reports an error at the same JSON Pointer as
:func:`scenario_schema.validate`: the ``$defs`` object schemas carry no
``type`` of their own and the place that uses one says ``object`` or
``["object", "null"]``. Each contract revision has its own schemas (the page's
keep their file names; ``model.sdk-2.4.schema.json``...).
"""

from __future__ import annotations

import json
from typing import Any

from ._api import resolve_schema
from ._fields import AnyValue, Array, ClassSpec, Enum, FieldSpec, Map, Object, Scalar, Shape
from ._fields import class_spec as spec_of
from ._options import MODES, Mode, check_mode
from ._revisions import DEFAULT_REVISION, REVISIONS, Revision, resolve_revision
from .models import SCHEMAS, Contract, SchemaName, schema_name

__all__ = ["SCHEMA_FILES", "json_schema", "schema_file_name", "schema_text", "shipped_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONTRACT_MAJOR_VERSION = 0
"""Bumped with every breaking change of the contract; part of every ``$id``."""
_ID_BASE = f"https://scenario-schema.dev/schemas/v{CONTRACT_MAJOR_VERSION}/"

_UNDOCUMENTED = (
    " Properties the API reference does not document are allowed (scenario-schema"
    " reports them as `unknown-field` warnings)."
)
_REVISION = (
    " Contract revision {revision}: the API as it stands since the reference page"
    " (see docs/revisions.md)."
)
_LENIENT = (
    " Lenient variant: enum fields also accept any other value of the same JSON type,"
    " so a consumer keeps working when the API adds a value."
)


def schema_file_name(name: str, mode: Mode = "strict", revision: str = DEFAULT_REVISION) -> str:
    """The file name of a shipped schema: ``model.schema.json``, ``model.lenient.schema.json``.

    The page's schemas have no revision in their name; other revisions' do:
    ``model.sdk-2.4.schema.json``, ``model.sdk-2.4.lenient.schema.json``.
    """
    resolved = resolve_revision(revision)
    parts = [name]
    if resolved != DEFAULT_REVISION:
        parts.append(resolved)
    if mode != "strict":
        parts.append(mode)
    return ".".join(parts) + ".schema.json"


SCHEMA_FILES = tuple(
    schema_file_name(name, mode, revision)
    for revision in REVISIONS
    for name in SCHEMAS
    for mode in MODES
)
"""Every file shipped in ``scenario_schema/schemas`` (and ``schemas/`` in the repository)."""


def json_schema(
    schema: SchemaName | type[Contract], *, mode: Mode = "strict", revision: Revision = "page"
) -> dict[str, Any]:
    """The JSON Schema of a document, generated from the classes.

    Args:
        schema: A contract class, or ``model``, ``train-action-response``,
            ``train-action-params`` or ``model-parameters``.
        mode: ``strict`` lists every enum; ``lenient`` lets enum fields take any
            value of the same JSON type.
        revision: The contract revision it describes (``page`` by default).

    Raises:
        ValueError: for an unknown schema name, mode or revision.
    """
    check_mode(mode)
    resolved = resolve_revision(revision)
    cls = resolve_schema(schema)
    name = schema_name(cls)
    defs: dict[str, dict[str, Any]] = {}
    root = _object_schema(spec_of(cls, resolved), mode, defs)
    description = root.pop("description") + _UNDOCUMENTED + (_LENIENT if mode == "lenient" else "")
    if resolved != DEFAULT_REVISION:
        description += _REVISION.format(revision=resolved)
    document: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": _ID_BASE + schema_file_name(name, mode, resolved),
        "title": cls.__name__,
        "description": description,
        "type": "object",
        **root,
    }
    if defs:
        document["$defs"] = dict(sorted(defs.items()))
    return document


def schema_text(
    schema: SchemaName | type[Contract], *, mode: Mode = "strict", revision: Revision = "page"
) -> str:
    """The schema as the text of its shipped file (2-space indent, final newline)."""
    document = json_schema(schema, mode=mode, revision=revision)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def shipped_schema(
    name: SchemaName, mode: Mode = "strict", revision: Revision = "page"
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
