"""The contract of the model-training endpoints as an OpenAPI 3.1 document.

Its components are the generated JSON Schemas (:func:`scenario_schema.json_schema`,
strict mode), their ``$defs`` hoisted into ``components/schemas``; the operations
are the three the stub serves (``scenario_schema.stub``). OpenAPI 3.1 takes JSON
Schema 2020-12 as it is, so nothing is translated.
"""

from __future__ import annotations

import copy
from typing import Any

from ._json_schema import json_schema
from ._revisions import Revision, resolve_revision
from .models import SchemaName

__all__ = ["JOB_STATUSES", "JOB_TYPES", "openapi"]

_REF = "#/components/schemas/"
_COMPONENTS: dict[str, SchemaName] = {
    "Model": "model",
    "ModelParameters": "model-parameters",
    "TrainActionParams": "train-action-params",
    "TrainActionResponse": "train-action-response",
}
"""Each top-level component and the schema it is generated from."""

JOB_TYPES = ("flux-model-training", "model-training", "musubi-model-training")
"""The ``jobType`` values of a training job (SDK 2.4.0's ``Job`` lists them among others)."""
JOB_STATUSES = (
    "canceled",
    "failure",
    "finalizing",
    "in-progress",
    "pending",
    "queued",
    "success",
    "warming-up",
)
"""SDK 2.4.0's ``Job.status`` values."""


def _rewrite_refs(value: Any) -> Any:
    """``#/$defs/X`` references as ``#/components/schemas/X``, at any depth."""
    if isinstance(value, dict):
        return {
            key: (_REF + item.removeprefix("#/$defs/"))
            if key == "$ref" and isinstance(item, str)
            else _rewrite_refs(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rewrite_refs(item) for item in value]
    return value


def _schemas(revision: Revision) -> dict[str, Any]:
    """Every component schema: the generated ones, then the envelopes of the endpoints.

    A class that is both a top-level schema and another's ``$defs`` entry (``Model``)
    is the top-level one: the same properties, plus its title and ``type``.
    """
    schemas: dict[str, Any] = {}
    for component, name in _COMPONENTS.items():
        schema = copy.deepcopy(json_schema(name, revision=revision))
        for definition, body in schema.pop("$defs", {}).items():
            schemas.setdefault(definition, _rewrite_refs(body))
        schema.pop("$schema", None)
        schema.pop("$id", None)
        schemas[component] = _rewrite_refs(schema)
    schemas.update(_ENVELOPES)
    return schemas


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


_ENVELOPES: dict[str, Any] = {
    "TrainRequest": {
        "description": "The body of PUT /models/{modelId}/train: the training parameters.",
        "type": "object",
        "properties": {"parameters": _ref("ModelParameters")},
    },
    "TrainResponse": {
        "description": "The training job started, and the model as it now stands.",
        "type": "object",
        "properties": {"job": _ref("Job"), "model": _ref("Model")},
        "required": ["job", "model"],
    },
    "Job": {
        "description": "A training job: the fields SDK 2.4.0's Job requires, and no other.",
        "type": "object",
        "properties": {
            "jobId": {"type": "string"},
            "jobType": {"enum": list(JOB_TYPES)},
            "status": {"enum": list(JOB_STATUSES)},
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "createdAt": {"type": "string", "format": "date-time"},
            "updatedAt": {"type": "string", "format": "date-time"},
            "statusHistory": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "date": {"type": "string", "format": "date-time"},
                        "status": {"enum": list(JOB_STATUSES)},
                    },
                    "required": ["date", "status"],
                },
            },
            "metadata": {"type": "object"},
        },
        "required": [
            "createdAt",
            "jobId",
            "jobType",
            "metadata",
            "progress",
            "status",
            "statusHistory",
            "updatedAt",
        ],
    },
    "Issue": {
        "description": "One problem, at a JSON Pointer into the request body.",
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "code": {"type": "string"},
            "message": {"type": "string"},
            "severity": {"enum": ["error", "warning"]},
        },
        "required": ["path", "code", "message", "severity"],
    },
    "Error": {
        "description": "An error: a code, a one-line message, and the issues behind it.",
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "issues": {"type": "array", "items": _ref("Issue")},
        },
        "required": ["code", "message", "issues"],
    },
}


def _json(schema: str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema)}},
    }
    if headers:
        response["headers"] = headers
    return response


_ERRORS: dict[str, Any] = {
    "401": _json("Error", "No HTTP Basic credentials (API key and secret)."),
    "404": _json("Error", "No model with this id."),
    "429": _json(
        "Error",
        "Rate limited: retry after the number of seconds in Retry-After.",
        {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
    ),
}
_MODEL_ID = {
    "name": "modelId",
    "in": "path",
    "required": True,
    "description": "The model's id.",
    "schema": {"type": "string"},
}
_BAD = _json("Error", "The body or the parameters have errors: every issue with its pointer.")


def _paths() -> dict[str, Any]:
    return {
        "/models/{modelId}": {
            "parameters": [_MODEL_ID],
            "get": {
                "operationId": "retrieveModel",
                "summary": "Get a model, with its training status and progress.",
                "responses": {"200": _json("TrainActionResponse", "The model."), **_ERRORS},
            },
        },
        "/models/{modelId}/train": {
            "parameters": [_MODEL_ID],
            "put": {
                "operationId": "triggerTraining",
                "summary": "Check the training parameters for the model's type and start training.",
                "parameters": [
                    {
                        "name": "dryRun",
                        "in": "query",
                        "description": "Check and estimate only: answer 269, start nothing.",
                        "schema": {"enum": ["true", "api"]},
                    },
                    {
                        "name": "trainingImagesCount",
                        "in": "query",
                        "description": "The number of training images, when the model has none.",
                        "schema": {"type": "integer", "minimum": 0},
                    },
                ],
                "requestBody": {
                    "required": False,
                    "content": {"application/json": {"schema": _ref("TrainRequest")}},
                },
                "responses": {
                    "200": _json("TrainResponse", "Training started."),
                    "269": _json("TrainResponse", "Dry run: the job that would start."),
                    "400": _BAD,
                    **_ERRORS,
                },
            },
        },
        "/models/{modelId}/train/action": {
            "parameters": [_MODEL_ID],
            "post": {
                "operationId": "trainAction",
                "summary": "Act on a model's training: cancel it.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("TrainActionParams")}},
                },
                "responses": {
                    "200": _json("TrainActionResponse", "The model, training-canceled."),
                    "400": _BAD,
                    **_ERRORS,
                },
            },
        },
    }


def openapi(*, revision: Revision = "latest") -> dict[str, Any]:
    """The OpenAPI 3.1 document of the model-training endpoints, under a contract revision.

    Components are the generated JSON Schemas (strict mode) of the revision; the
    operations are ``GET /models/{modelId}``, ``PUT /models/{modelId}/train`` and
    ``POST /models/{modelId}/train/action``, with their request bodies, their 200,
    400, 401, 404 and 429 responses, and HTTP Basic auth.

    Raises:
        ValueError: for an unknown revision.
    """
    resolved = resolve_revision(revision)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Scenario API: model training (scenario-schema contract)",
            "version": resolved,
            "description": (
                f"The model-training endpoints under contract revision {resolved}, as"
                " scenario-schema checks them and its stub serves them."
            ),
        },
        "paths": _paths(),
        "components": {
            "schemas": _schemas(revision),
            "securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}},
        },
        "security": [{"basicAuth": []}],
    }
