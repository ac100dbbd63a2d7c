"""ss.openapi(): the model-training endpoints as OpenAPI 3.1, from the generated schemas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate as validate_spec

import scenario_schema as ss
from scenario_schema import cli
from scenario_schema._revisions import REVISIONS

PATHS = {
    "/models/{modelId}": "get",
    "/models/{modelId}/train": "put",
    "/models/{modelId}/train/action": "post",
}


@pytest.mark.parametrize("revision", [*REVISIONS, "latest"])
def test_the_document_validates_as_openapi_3_1(revision: Any) -> None:
    document = ss.openapi(revision=revision)
    assert document["openapi"] == "3.1.0"
    validate_spec(document)


def test_the_default_revision_is_latest() -> None:
    assert ss.openapi() == ss.openapi(revision="latest")
    assert ss.openapi()["info"]["version"] == "sdk-2.4"


def test_an_unknown_revision_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown revision"):
        ss.openapi(revision="v0")  # type: ignore[arg-type]


def _as_component(value: Any) -> Any:
    text = json.dumps(value).replace('"#/$defs/', '"#/components/schemas/')
    return json.loads(text)


TOP_LEVEL = {
    "Model": "model",
    "ModelParameters": "model-parameters",
    "TrainActionParams": "train-action-params",
    "TrainActionResponse": "train-action-response",
}


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize(("component", "name"), TOP_LEVEL.items())
def test_components_are_the_generated_schemas(component: str, name: Any, revision: Any) -> None:
    schemas = ss.openapi(revision=revision)["components"]["schemas"]
    generated = ss.json_schema(name, revision=revision)
    for definition, body in generated.pop("$defs", {}).items():
        if definition not in TOP_LEVEL:  # a top-level schema says more: its title and type
            assert schemas[definition] == _as_component(body)
    del generated["$schema"], generated["$id"]
    assert schemas[component] == _as_component(generated)


def test_every_reference_resolves() -> None:
    document = ss.openapi()
    text = json.dumps(document)
    assert "#/$defs/" not in text
    for ref in set(_refs(document)):
        assert ref.removeprefix("#/components/schemas/") in document["components"]["schemas"]


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return found + [ref for item in value.values() for ref in _refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def test_the_three_operations_with_their_bodies_and_responses() -> None:
    paths = ss.openapi()["paths"]
    assert {path: set(item) - {"parameters"} for path, item in paths.items()} == {
        path: {method} for path, method in PATHS.items()
    }
    statuses = {path: set(paths[path][method]["responses"]) for path, method in PATHS.items()}
    assert statuses == {
        "/models/{modelId}": {"200", "401", "404", "429"},
        "/models/{modelId}/train": {"200", "269", "400", "401", "404", "429"},
        "/models/{modelId}/train/action": {"200", "400", "401", "404", "429"},
    }
    train = paths["/models/{modelId}/train"]["put"]["requestBody"]["content"]
    assert train["application/json"]["schema"] == {"$ref": "#/components/schemas/TrainRequest"}
    action = paths["/models/{modelId}/train/action"]["post"]["requestBody"]["content"]
    assert action["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TrainActionParams"
    }


def test_a_429_documents_retry_after() -> None:
    response = ss.openapi()["paths"]["/models/{modelId}"]["get"]["responses"]["429"]
    assert "Retry-After" in response["headers"]


def test_http_basic_auth_is_required_everywhere() -> None:
    document = ss.openapi()
    assert document["components"]["securitySchemes"] == {
        "basicAuth": {"type": "http", "scheme": "basic"}
    }
    assert document["security"] == [{"basicAuth": []}]


def test_the_job_holds_what_the_sdk_job_requires() -> None:
    from scenario_sdk.types.models.train_trigger_response import Job

    required = {
        field.alias or name for name, field in Job.model_fields.items() if field.is_required()
    }
    job = ss.openapi()["components"]["schemas"]["Job"]
    assert set(job["required"]) == set(job["properties"]) == required


def test_cli_openapi_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["openapi", "--revision", "page"]) == 0
    assert json.loads(capsys.readouterr().out) == ss.openapi(revision="page")


def test_cli_openapi_defaults_to_latest(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["openapi"]) == 0
    assert json.loads(capsys.readouterr().out) == ss.openapi(revision="latest")
