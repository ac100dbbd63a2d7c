"""forbid_unknown: undocumented fields as errors on request, and closed schemas that agree."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

import scenario_schema as ss
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema._mutations import additions, mutations
from scenario_schema.cli import main
from scenario_schema.models import SchemaName
from tests.conftest import PAGE_EXAMPLE, REVISION_CASES, per_revision

TYPO = {"rank": 16, "maxTrainStep": 1000, "learningrate": 0.5}


def _codes(report: ss.Report) -> list[tuple[str, str, str]]:
    return [(issue.path, issue.code, issue.severity) for issue in report.issues]


def test_undocumented_fields_are_warnings_by_default() -> None:
    report = ss.validate(TYPO, "model-parameters")
    assert report.ok
    assert {(path, severity) for path, _, severity in _codes(report)} == {
        ("/maxTrainStep", "warning"),
        ("/learningrate", "warning"),
    }


def test_forbid_unknown_makes_every_undocumented_field_an_error_at_its_pointer() -> None:
    report = ss.validate(TYPO, "model-parameters", forbid_unknown=True)
    assert not report.ok
    assert sorted((i.path, i.code) for i in report.errors) == [
        ("/learningrate", "unknown-field"),
        ("/maxTrainStep", "unknown-field"),
    ]
    assert all("(forbidden)" in issue.message for issue in report.errors)


def test_forbid_unknown_reaches_nested_objects_but_not_free_form_values() -> None:
    response = copy.deepcopy(PAGE_EXAMPLE)
    response["model"]["parameters"]["foo"] = 1
    response["model"]["inputs"][0]["required"].pop("conditionalValues")
    strict = ss.validate(response, "train-action-response", forbid_unknown=True)
    assert [(i.path, i.code) for i in strict.errors] == [("/model/parameters/foo", "unknown-field")]
    # `conditionalValues` is documented under the page; forbidden only where it is not.
    page = ss.validate(PAGE_EXAMPLE, "train-action-response", revision="page", forbid_unknown=True)
    assert page.ok
    latest = ss.validate(PAGE_EXAMPLE, "train-action-response", forbid_unknown=True)
    assert [i.path for i in latest.errors] == ["/model/inputs/0/required/conditionalValues"]


def test_other_issues_are_unchanged_by_forbid_unknown() -> None:
    params = {"rank": 500, "foo": 1}
    open_ = ss.validate(params, "model-parameters")
    closed = ss.validate(params, "model-parameters", forbid_unknown=True)
    assert [i for i in closed.issues if i.code != "unknown-field"] == [
        i for i in open_.issues if i.code != "unknown-field"
    ]


def test_load_refuses_undocumented_fields_with_forbid_unknown() -> None:
    assert ss.load(ss.ModelParameters, TYPO).extra == {"maxTrainStep": 1000, "learningrate": 0.5}
    with pytest.raises(ss.ContractError) as caught:
        ss.load(ss.ModelParameters, TYPO, forbid_unknown=True)
    assert {(i.path, i.code, i.severity) for i in caught.value.issues} == {
        ("/maxTrainStep", "unknown-field", "error"),
        ("/learningrate", "unknown-field", "error"),
    }
    assert ss.load(ss.ModelParameters, {"rank": 16}, forbid_unknown=True).rank == 16


def test_the_json_pair_takes_forbid_unknown() -> None:
    text = json.dumps(TYPO)
    assert ss.validate_json(text, "model-parameters").ok
    report = ss.validate_json(text, "model-parameters", forbid_unknown=True)
    assert {i.code for i in report.errors} == {"unknown-field"}
    with pytest.raises(ss.ContractError):
        ss.load_json(ss.ModelParameters, text, forbid_unknown=True)
    assert ss.load_json(ss.ModelParameters, text).rank == 16


@attrs.frozen
class _Run:
    name: str
    parameters: ss.ModelParameters


def test_converter_with_forbid_extra_keys_refuses_undocumented_contract_fields() -> None:
    """The issue's case: `{"rank":16,"foo":1}` was accepted for ModelParameters."""
    closed = ss.make_converter(forbid_extra_keys=True)
    with pytest.raises(ss.ContractError) as caught:
        closed.structure({"rank": 16, "foo": 1}, ss.ModelParameters)
    assert [(i.path, i.code) for i in caught.value.issues] == [("/foo", "unknown-field")]
    with pytest.raises(ss.ContractError) as caught:
        closed.structure({"name": "a", "parameters": {"rank": 16, "foo": 1}}, _Run)
    assert [(i.path, i.code) for i in caught.value.issues] == [("/parameters/foo", "unknown-field")]
    open_ = ss.make_converter()
    assert open_.structure({"rank": 16, "foo": 1}, ss.ModelParameters).extra == {"foo": 1}


def test_closed_schema_forbids_additional_properties_in_every_contract_object() -> None:
    schema = ss.json_schema("train-action-response", forbid_unknown=True)
    assert schema["additionalProperties"] is False
    assert all(d["additionalProperties"] is False for d in schema["$defs"].values())
    assert schema["$id"].endswith("/v0/train-action-response.closed.schema.json")
    assert "not allowed" in schema["description"]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "additionalProperties" not in ss.json_schema("train-action-response")


def test_closed_schema_keeps_maps_and_free_form_values_open() -> None:
    schema = ss.json_schema("model", revision="sdk-2.4", forbid_unknown=True)
    outputs = schema["$defs"]["ModelUiConfig"]["properties"]["outputProperties"]
    assert outputs["additionalProperties"] == {
        "$ref": "#/$defs/ModelUiConfigOutputProperties",
        "type": "object",
    }


def _closed_errors(schema: dict[str, Any], payload: Any) -> set[str]:
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        validator = _VALIDATORS[id(schema)] = jsonschema.Draft202012Validator(schema)
    paths: set[str] = set()
    for error in validator.iter_errors(payload):
        base = "".join(f"/{token}" for token in error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            paths.update(f"{base}/{key}" for key in error.instance if key not in allowed)
        else:
            paths.add(base)
    return paths


_EXAMPLES = 15
_VALIDATORS: dict[int, jsonschema.Draft202012Validator] = {}


def _agree(payload: Any, name: SchemaName, revision: Any, schema: dict[str, Any]) -> set[str]:
    """The closed schema's error paths, once asserted to give validate()'s verdict."""
    report = ss.validate(payload, name, revision=revision, forbid_unknown=True)
    theirs = _closed_errors(schema, payload)
    ours = {issue.path for issue in report.errors}
    assert report.ok == (not theirs), (ours, theirs)
    assert {path for path in ours if "zzUndocumented" in path} == {
        path for path in theirs if "zzUndocumented" in path
    }
    return theirs


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_closed_schema_and_forbid_unknown_agree_on_documents_and_their_mutations(
    name: SchemaName, revision: Any
) -> None:
    """Valid documents, their single-point breaks and their added keys: the same verdicts."""
    schema = ss.json_schema(name, revision=revision, forbid_unknown=True)
    cls = resolve_schema(name)

    # Each example checks dozens of documents: a few examples cover every object.
    @settings(per_revision(revision), max_examples=_EXAMPLES)
    @given(ss_st.payloads(name, revision=revision))
    def check(payload: dict[str, Any]) -> None:
        _agree(payload, name, revision, schema)
        for mutation in additions(payload, cls, revision):
            assert not ss.validate(mutation.payload, name, revision=revision).errors
            assert _agree(mutation.payload, name, revision, schema) == {mutation.path}
        # Every 11th break: the breaks are checked in full by test_json_schema.py.
        for mutation in itertools.islice(mutations(payload, cls, revision), 0, None, 11):
            if mutation.code != "not-finite":  # jsonschema lets NaN through (spec-notes)
                _agree(mutation.payload, name, revision, schema)

    check()


def test_added_keys_of_the_page_example_are_refused_by_both() -> None:
    example = copy.deepcopy(PAGE_EXAMPLE)
    schema = ss.json_schema("train-action-response", revision="page", forbid_unknown=True)
    found = list(additions(example, ss.TrainActionResponse, "page"))
    assert len(found) > 20
    for mutation in found:
        report = ss.validate(
            mutation.payload, "train-action-response", revision="page", forbid_unknown=True
        )
        assert [i.path for i in report.errors] == [mutation.path]
        assert _closed_errors(schema, mutation.payload) == {mutation.path}


# --- CLI ------------------------------------------------------------------------------


def test_cli_validate_forbid_unknown(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps(TYPO))
    assert main(["validate", "--schema", "model-parameters", str(path)]) == 0
    capsys.readouterr()
    args = ["validate", "--schema", "model-parameters", "--forbid-unknown"]
    assert main([*args, str(path)]) == 1
    out = capsys.readouterr().out
    assert "error   /learningrate: undocumented field 'learningrate' (forbidden)" in out
    assert main([*args, "--format", "json", "--jobs", "2", str(path)]) == 1
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(i["path"], i["severity"]) for i in record["issues"]} == {
        ("/maxTrainStep", "error"),
        ("/learningrate", "error"),
    }


def test_cli_schema_forbid_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "model-parameters", "--forbid-unknown"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == ss.json_schema("model-parameters", forbid_unknown=True)
    assert printed["additionalProperties"] is False
