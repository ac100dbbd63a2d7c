"""JSON Schemas: generated from the classes, shipped, and agreeing with validate()."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

import scenario_schema as ss
from scenario_schema._json_schema import (
    SCHEMA_FILES,
    SCHEMA_REVISIONS,
    schema_text,
    shipped_schema,
)
from scenario_schema._mutations import mutations
from scenario_schema._options import MODES
from scenario_schema._report import pointer
from scenario_schema.cli import main
from scenario_schema.models import SCHEMAS, SchemaName
from tests import sdk_responses
from tests.conftest import PAGE_EXAMPLE, ROOT

NAMES = list(SCHEMAS)
# The committed files live in the package (package data); the checkout's top-level
# `schemas/` links to them, and an sdist carries only these.
SCHEMA_DIR = ROOT / "src" / "scenario_schema" / "schemas"


@pytest.mark.parametrize("revision", SCHEMA_REVISIONS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_matches_the_generated_one(
    name: SchemaName, mode: Any, revision: Any
) -> None:
    """`make schemas` regenerates these files; a difference means they drifted.

    The default revision's files (``latest``) have no revision in their name; each
    revision's own files carry it, the page's included.
    """
    suffix = "" if mode == "strict" else f".{mode}"
    named = "" if revision == "latest" else f".{revision}"
    path = SCHEMA_DIR / f"{name}{named}{suffix}.schema.json"
    committed = path.read_text(encoding="utf-8")
    assert committed == schema_text(name, mode=mode, revision=revision), "run `make schemas`"
    assert json.loads(committed)["$id"].endswith(f"/v0/{path.name}")


def test_default_schema_files_are_the_newest_revision() -> None:
    """``model.schema.json`` follows the newest revision: its rules are sdk-2.4's today."""
    latest = shipped_schema("model")
    pinned = shipped_schema("model", revision="sdk-2.4")
    assert latest["$id"].endswith("/v0/model.schema.json")
    assert pinned["$id"].endswith("/v0/model.sdk-2.4.schema.json")
    assert {k: v for k, v in latest.items() if k not in {"$id", "description"}} == {
        k: v for k, v in pinned.items() if k not in {"$id", "description"}
    }
    assert "latest, the newest (today sdk-2.4)" in latest["description"]
    assert "model.sdk-2.4.schema.json" in latest["description"]
    assert "audio2txt" in latest["properties"]["capabilities"]["items"]["enum"]
    page = shipped_schema("model", revision="page")
    assert page["$id"].endswith("/v0/model.page.schema.json")
    assert "audio2txt" not in page["properties"]["capabilities"]["items"]["enum"]


def test_no_stray_schema_files() -> None:
    assert sorted(path.name for path in SCHEMA_DIR.glob("*.json")) == sorted(SCHEMA_FILES)


@pytest.mark.parametrize("revision", ss.REVISIONS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", NAMES)
def test_schema_passes_the_draft_2020_12_metaschema(
    name: SchemaName, mode: Any, revision: Any
) -> None:
    jsonschema.Draft202012Validator.check_schema(ss.json_schema(name, mode=mode, revision=revision))


def test_sdk_schema_says_what_the_sdk_revision_says() -> None:
    schema = ss.json_schema("train-action-response", revision="sdk-2.4")
    assert schema["$id"].endswith("/v0/train-action-response.sdk-2.4.schema.json")
    assert "Contract revision sdk-2.4" in schema["description"]
    model = schema["$defs"]["Model"]["properties"]
    assert model["deletedAt"] == {
        "description": model["deletedAt"]["description"],
        "type": ["string", "null"],
        "format": "date-time",
    }
    assert "sd-xl" not in model["type"]["enum"]
    assert "audio2txt" in model["capabilities"]["items"]["enum"]
    parameters = schema["$defs"]["ModelParameters"]["properties"]
    assert parameters["batchSize"]["maximum"] == 8
    ui = schema["$defs"]["ModelUiConfig"]["properties"]["outputProperties"]
    assert ui["additionalProperties"] == {
        "$ref": "#/$defs/ModelUiConfigOutputProperties",
        "type": "object",
    }
    assert "conditionalValues" not in schema["$defs"]["ModelInputRequired"]["properties"]
    page = ss.json_schema("train-action-response", revision="page")
    assert "ModelUiConfigOutputProperties" not in page["$defs"]
    assert "deletedAt" not in page["$defs"]["Model"]["properties"]


def test_schema_header() -> None:
    schema = ss.json_schema("model")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://scenario-schema.dev/schemas/v0/model.schema.json"
    assert ss.json_schema("model", mode="lenient")["$id"].endswith("/v0/model.lenient.schema.json")
    assert schema["title"] == "Model"
    assert "does not document are allowed" in schema["description"]
    assert "$ref" in json.dumps(schema["properties"]["class"])
    assert set(schema["$defs"]) >= {"ModelClass", "ModelParameters", "ModelInput"}


def test_schema_keywords_come_from_the_declarations() -> None:
    props = ss.json_schema("model-parameters")["properties"]
    assert props["rank"] == {
        "description": props["rank"]["description"],
        "type": ["number", "null"],
        "minimum": 2,
        "maximum": 128,
    }
    assert props["learningRate"]["exclusiveMinimum"] == 0
    assert "minimum" not in props["learningRate"]
    assert props["wandbKey"]["maxLength"] == 40
    assert props["lrScheduler"]["enum"][-1] is None
    model = ss.json_schema("model")
    assert model["required"][:3] == ["id", "capabilities", "collectionIds"]
    assert model["properties"]["createdAt"]["format"] == "date-time"
    assert model["properties"]["accessRestrictions"]["enum"] == [0, 25, 50, 75, 100, None]


def test_lenient_schema_accepts_undocumented_enum_values_of_the_same_type() -> None:
    strict = jsonschema.Draft202012Validator(ss.json_schema("train-action-params"))
    lenient = jsonschema.Draft202012Validator(ss.json_schema("train-action-params", mode="lenient"))
    assert not strict.is_valid({"action": "pause"})
    assert lenient.is_valid({"action": "pause"})
    assert not lenient.is_valid({"action": 3})


def test_schema_usage_errors() -> None:
    with pytest.raises(ValueError, match="unknown schema"):
        ss.json_schema("models")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode"):
        ss.json_schema("model", mode="loose")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", NAMES)
def test_shipped_schema_is_reachable_with_importlib_resources(name: SchemaName) -> None:
    assert shipped_schema(name) == ss.json_schema(name)
    assert shipped_schema(name, "lenient") == ss.json_schema(name, mode="lenient")
    sdk = shipped_schema(name, "lenient", "sdk-2.4")
    assert sdk == ss.json_schema(name, mode="lenient", revision="sdk-2.4")


def test_cli_prints_a_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "train-action-params", "--mode", "lenient"]) == 0
    assert capsys.readouterr().out == schema_text("train-action-params", mode="lenient")
    assert main(["schema", "train-action-params", "--revision", "sdk-2.4"]) == 0
    assert capsys.readouterr().out == schema_text("train-action-params", revision="sdk-2.4")
    assert main(["schema"]) == 2


def test_cli_writes_every_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SCHEMA_FILES)
    assert capsys.readouterr().out.count("wrote ") == len(SCHEMA_FILES)


# --- differential agreement with two independent JSON Schema implementations ----------


def _python_jsonschema_paths(schema: dict[str, Any], payload: Any) -> set[str]:
    paths: set[str] = set()
    for error in jsonschema.Draft202012Validator(schema).iter_errors(payload):
        base = pointer(*error.absolute_path)
        if error.validator == "required":
            missing = [p for p in error.validator_value if p not in error.instance]
            paths.update(f"{base}/{name}" for name in missing)
        else:
            paths.add(base)
    return paths


def _rust_jsonschema_paths(schema: dict[str, Any], payload: Any) -> set[str]:
    paths: set[str] = set()
    for error in jsonschema_rs.validator_for(schema).iter_errors(payload):
        base = pointer(*error.instance_path)
        if error.kind.name == "required":
            kind: Any = error.kind
            paths.add(f"{base}/{kind.property}")
        else:
            paths.add(base)
    return paths


def _our_paths(payload: Any, name: SchemaName) -> set[str]:
    return {issue.path for issue in ss.validate(payload, name).errors}


def _clean_example() -> dict[str, Any]:
    example: dict[str, Any] = json.loads(json.dumps(PAGE_EXAMPLE))
    del example["model"]["uiConfig"]["triggerGenerate"]["after"]
    return example


def _boundary_payloads() -> list[Any]:
    """The example with every bounded number at each of its bounds (all valid)."""
    lows, highs = _clean_example(), _clean_example()
    for document, pick in ((lows, "low"), (highs, "high")):
        params = document["model"]["parameters"]
        schema = ss.json_schema("model-parameters")["properties"]
        for wire, keywords in schema.items():
            if pick == "low" and "minimum" in keywords:
                params[wire] = keywords["minimum"]
            elif pick == "low" and "exclusiveMinimum" in keywords:
                params[wire] = math.nextafter(keywords["exclusiveMinimum"], math.inf)
            elif pick == "high" and "maximum" in keywords:
                params[wire] = keywords["maximum"]
        document["model"]["concepts"][0]["scale"] = 2 if pick == "high" else -2
        document["model"]["trainingProgress"]["progress"] = 1 if pick == "high" else 0
    return [lows, highs]


MUTATIONS = list(mutations(_clean_example(), ss.TrainActionResponse))
# NaN passes the Python jsonschema package's type and bound checks (it compares
# floats; Infinity fails only a bound); validate() rejects both. The one deliberate
# difference, in docs/spec-notes.md.
NON_FINITE = {"not-finite"}


def test_there_are_mutations_of_every_kind() -> None:
    codes = {mutation.code for mutation in MUTATIONS}
    assert codes == {
        "type",
        "required",
        "enum",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "maxLength",
        "not-finite",
    }


@pytest.mark.parametrize("payload", [_clean_example(), *_boundary_payloads()])
def test_valid_documents_are_valid_for_every_implementation(payload: Any) -> None:
    schema = ss.json_schema("train-action-response")
    assert _our_paths(payload, "train-action-response") == set()
    assert _python_jsonschema_paths(schema, payload) == set()
    assert _rust_jsonschema_paths(schema, payload) == set()


def test_every_mutation_gets_the_same_verdict_and_error_locations() -> None:
    schema = ss.json_schema("train-action-response")
    checked = 0
    for mutation in MUTATIONS:
        ours = _our_paths(mutation.payload, "train-action-response")
        assert ours == {mutation.path}, mutation
        if mutation.code in NON_FINITE:
            # Neither rejects NaN everywhere (jsonschema compares floats, so NaN passes
            # every bound; neither looks inside a schema-less value); both may miss it.
            assert _python_jsonschema_paths(schema, mutation.payload) <= ours, mutation
            assert _rust_jsonschema_paths(schema, mutation.payload) <= ours, mutation
            continue
        assert _python_jsonschema_paths(schema, mutation.payload) == ours, mutation
        assert _rust_jsonschema_paths(schema, mutation.payload) == ours, mutation
        checked += 1
    assert checked > 400


SDK_EXAMPLE = sdk_responses.read()[0]
SDK_MUTATIONS = list(mutations(SDK_EXAMPLE, ss.TrainActionResponse, "sdk-2.4"))


def test_sdk_mutations_get_the_same_verdict_and_error_locations() -> None:
    """The sdk-2.4 schema and validate(revision="sdk-2.4") agree on the SDK's example."""
    schema = ss.json_schema("train-action-response", revision="sdk-2.4")

    def ours(payload: Any) -> set[str]:
        report = ss.validate(payload, "train-action-response", revision="sdk-2.4")
        return {issue.path for issue in report.errors}

    assert ours(SDK_EXAMPLE) == _rust_jsonschema_paths(schema, SDK_EXAMPLE) == set()
    checked = 0
    for mutation in SDK_MUTATIONS:
        found = ours(mutation.payload)
        assert found == {mutation.path}, mutation
        if mutation.code in NON_FINITE:
            assert _rust_jsonschema_paths(schema, mutation.payload) <= found, mutation
            continue
        assert _python_jsonschema_paths(schema, mutation.payload) == found, mutation
        assert _rust_jsonschema_paths(schema, mutation.payload) == found, mutation
        checked += 1
    assert checked > 400


def test_lenient_schema_agrees_with_lenient_validate_on_enum_mutations() -> None:
    schema = ss.json_schema("train-action-response", mode="lenient")
    validator = jsonschema.Draft202012Validator(schema)
    enum_mutations = [m for m in MUTATIONS if m.code == "enum"]
    assert enum_mutations
    for mutation in enum_mutations:
        report = ss.validate(mutation.payload, "train-action-response", mode="lenient")
        assert report.ok
        assert validator.is_valid(mutation.payload)
