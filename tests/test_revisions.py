"""Contract revisions: the page and sdk-2.4 as views of one set of declarations."""

from __future__ import annotations

import copy
import json
import typing
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import scenario_schema as ss
from scenario_schema import strategies as ss_st
from scenario_schema._fields import Array, Enum, Scalar, class_spec, declare
from scenario_schema._revisions import Lifespan, revise_literal, value_lifespan
from scenario_schema.models import SCHEMAS
from tests import sdk_responses
from tests.conftest import PAGE_EXAMPLE

SDK_RESPONSES = sdk_responses.read()
SDK_ADDED_FIELDS = {
    "Model": {"deleted_at", "disable_refund", "job_id"},
    "ModelInput": {"max_duration", "min_duration"},
    "ModelInputRequired": {"conditional"},
    "ModelTrainingProgress": {"captcha_image_url", "retry_count", "retryable_error"},
    "ModelUiConfig": {"output_properties"},
    "TrainActionParams": {"project_id"},
}
SDK_REMOVED_FIELDS = {
    "ModelInputRequired": {"conditional_values"},
    "TrainActionParams": {"original_assets"},
}


def _names(cls: type, revision: str) -> set[str]:
    return {field.name for field in class_spec(cls, revision).fields}


def test_revisions_are_page_then_sdk_and_latest_is_the_newest() -> None:
    assert ss.REVISIONS == ("page", "sdk-2.4")
    assert ss.LATEST == "sdk-2.4"
    assert set(typing.get_args(ss.Revision)) == {*ss.REVISIONS, "latest"}
    assert class_spec(ss.Model, "latest") is class_spec(ss.Model, "sdk-2.4")


def test_the_default_view_is_the_newest() -> None:
    for cls in SCHEMAS.values():
        assert class_spec(cls) is class_spec(cls, "sdk-2.4")


@pytest.mark.parametrize("name", sorted(SDK_ADDED_FIELDS))
def test_each_revision_documents_its_fields(name: str) -> None:
    cls = getattr(ss, name)
    page, sdk = _names(cls, "page"), _names(cls, "sdk-2.4")
    assert sdk - page == SDK_ADDED_FIELDS[name]
    assert page - sdk == SDK_REMOVED_FIELDS.get(name, set())


def test_literal_types_hold_every_revision_and_views_keep_theirs() -> None:
    assert len(typing.get_args(ss.Capability)) == 34
    assert len(typing.get_args(ss.ModelType)) == 37

    def values(wire: str, revision: str) -> tuple[Any, ...]:
        shape = class_spec(ss.Model, revision).by_wire[wire].shape
        if isinstance(shape, Array):
            shape = shape.item
        assert isinstance(shape, Enum)
        return shape.values

    assert [len(values("capabilities", r)) for r in ss.REVISIONS] == [32, 34]
    assert [len(values("type", r)) for r in ss.REVISIONS] == [37, 31]
    assert not any(value.startswith("sd-") for value in values("type", "sdk-2.4"))


def test_bounds_are_revised_per_revision() -> None:
    def maximum(wire: str, revision: str) -> Any:
        shape = class_spec(ss.ModelParameters, revision).by_wire[wire].shape
        assert isinstance(shape, Scalar)
        return shape.constraints.maximum

    assert [maximum(w, "page") for w in ("batchSize", "nbEpochs", "nbRepeats")] == [4, 30, 30]
    assert [maximum(w, "sdk-2.4") for w in ("batchSize", "nbEpochs", "nbRepeats")] == [8, 100, 100]
    assert maximum("rank", "page") == maximum("rank", "sdk-2.4") == 128


@pytest.mark.parametrize(
    ("value", "page_codes", "sdk_codes"), [(6, ["maximum"], []), (9, ["maximum"], ["maximum"])]
)
def test_batch_size_verdict_depends_on_the_revision(
    value: int, page_codes: list[str], sdk_codes: list[str]
) -> None:
    document = {"batchSize": value}
    for revision, codes in (("page", page_codes), ("sdk-2.4", sdk_codes)):
        report = ss.validate(document, "model-parameters", revision=revision)  # type: ignore[arg-type]
        assert [issue.code for issue in report.errors] == codes


def test_deleted_at_is_extra_under_the_page_and_an_attribute_under_sdk(
    model: dict[str, Any],
) -> None:
    model["deletedAt"] = "2023-02-03T11:19:41.579Z"
    del model["inputs"][0]["required"]["conditionalValues"]  # not documented in sdk-2.4
    on_page = ss.load(ss.Model, model, revision="page")
    assert on_page.deleted_at is None
    assert on_page.extra == {"deletedAt": "2023-02-03T11:19:41.579Z"}
    issues = ss.validate(model, "model", revision="page").issues
    assert [i.code for i in issues] == ["unknown-field"]
    on_sdk = ss.load(ss.Model, model, revision="sdk-2.4")
    assert on_sdk.deleted_at == "2023-02-03T11:19:41.579Z"
    assert on_sdk.extra == {}
    assert ss.dump(on_page) == ss.dump(on_sdk) == model


def test_deleted_at_is_a_date_time_checked_on_request(model: dict[str, Any]) -> None:
    model["deletedAt"] = "yesterday"
    assert ss.validate(model, "model", revision="sdk-2.4").ok
    report = ss.validate(model, "model", revision="sdk-2.4", check_formats=True)
    assert ("/deletedAt", "format") in {(i.path, i.code) for i in report.errors}


def test_removed_model_types_are_errors_under_sdk_and_warnings_when_lenient(
    model: dict[str, Any],
) -> None:
    model["type"] = "sd-xl-lora"
    assert ss.validate(model, "model", revision="page").ok
    strict = ss.validate(model, "model", revision="sdk-2.4")
    assert [(i.path, i.code) for i in strict.errors] == [("/type", "enum")]
    lenient = ss.validate(model, "model", revision="sdk-2.4", mode="lenient")
    assert lenient.ok
    assert ("/type", "unknown-enum") in {(i.path, i.code) for i in lenient.issues}


def test_train_action_params_per_revision() -> None:
    sdk = {"action": "cancel", "projectId": "proj_1"}
    page = {"action": "cancel", "originalAssets": True}
    on_page = ss.validate(sdk, "train-action-params", revision="page")
    assert [i.code for i in on_page.issues] == ["unknown-field"]
    assert ss.validate(sdk, "train-action-params", revision="sdk-2.4").issues == ()
    assert ss.validate(page, "train-action-params", revision="page").issues == ()
    report = ss.validate(page, "train-action-params", revision="sdk-2.4")
    assert [(i.path, i.code) for i in report.issues] == [("/originalAssets", "unknown-field")]
    loaded = ss.load(ss.TrainActionParams, sdk, revision="latest")
    assert loaded.project_id == "proj_1"


@pytest.mark.parametrize("index", range(len(SDK_RESPONSES)))
def test_sdk_responses_are_valid_under_sdk_with_no_warning(index: int) -> None:
    """No warning but the prose rules': the responses fill every field (sdk_responses.py)."""
    response = SDK_RESPONSES[index]
    issues = ss.validate(response, "train-action-response", revision="sdk-2.4").issues
    assert {issue.code for issue in issues} <= {"not-applicable"}
    assert all(issue.severity == "warning" for issue in issues)
    loaded = ss.load(ss.TrainActionResponse, response, revision="sdk-2.4")
    assert ss.dump(loaded) == response
    assert ss.load(ss.TrainActionResponse, ss.dump(loaded), revision="sdk-2.4") == loaded


def test_sdk_responses_under_the_page_fail_only_on_the_new_values() -> None:
    new_values = {"audio2txt", "video2txt", "text", "ready-for-captcha"}
    failed = 0
    for response in SDK_RESPONSES:
        report = ss.validate(response, "train-action-response", revision="page")
        for issue in report.errors:
            assert issue.code == "enum"
            value: Any = response
            for token in issue.path.split("/")[1:]:
                value = value[int(token)] if isinstance(value, list) else value[token]
            assert value in new_values
        failed += not report.ok
        lenient = ss.validate(response, "train-action-response", mode="lenient", revision="page")
        assert lenient.ok
    assert failed == 13


def test_the_page_example_is_valid_under_page_and_by_default() -> None:
    """The default is the newest revision (latest); the page's example stays valid under it."""
    default = ss.validate(PAGE_EXAMPLE, "train-action-response")
    assert ss.validate(PAGE_EXAMPLE, "train-action-response", revision="latest") == default
    assert default.ok
    assert {i.code for i in default.issues} == {"conflict", "not-applicable", "unknown-field"}
    # sdk-2.4 no longer documents `conditionalValues`: the one difference, a warning.
    assert [i.path for i in default.issues if i.code == "unknown-field"] == [
        "/model/inputs/0/required/conditionalValues"
    ]
    page = ss.validate(PAGE_EXAMPLE, "train-action-response", revision="page")
    assert page.ok
    assert {i.code for i in page.issues} == {"conflict", "not-applicable"}


def test_sdk_responses_are_valid_by_default() -> None:
    """Today's API responses are valid without naming a revision (the default is latest)."""
    for response in SDK_RESPONSES:
        assert ss.validate(response, "train-action-response").ok
        assert ss.load(ss.TrainActionResponse, response).model.id == response["model"]["id"]


def test_construction_accepts_what_any_revision_accepts() -> None:
    """An object holds no revision: built by hand, it takes any revision's values."""
    assert ss.ModelParameters(batch_size=8).batch_size == 8
    assert ss.ModelTrainingProgress(stage="ready-for-captcha", updated_at=0).stage
    with pytest.raises(ss.ContractError, match="maximum of 8"):
        ss.ModelParameters(batch_size=9)
    model = ss.load(ss.Model, copy.deepcopy(SDK_RESPONSES[0]["model"]), revision="sdk-2.4")
    assert attrs.evolve(model, job_id="job_2").job_id == "job_2"


def test_unknown_revision_is_a_value_error_everywhere(model: dict[str, Any]) -> None:
    bogus: Any = "sdk-9"
    calls: list[Callable[[], object]] = [
        lambda: ss.validate(model, "model", revision=bogus),
        lambda: ss.load(ss.Model, model, revision=bogus),
        lambda: ss.json_schema("model", revision=bogus),
        lambda: ss.drift([model], revision=bogus),
        lambda: ss_st.payloads("model", revision=bogus),
        lambda: ss_st.invalid_payloads("model", revision=bogus),
        lambda: class_spec(ss.Model, bogus),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"unknown revision 'sdk-9'; known: page, sdk-2\.4"):
            call()


# --- declaring revisions ----------------------------------------------------------------


def test_a_lifespan_is_checked_when_declared() -> None:
    assert Lifespan(added="sdk-2.4").revisions() == ("sdk-2.4",)
    assert Lifespan(removed="sdk-2.4").revisions() == ("page",)
    with pytest.raises(ValueError, match=r"unknown revision 'sdk-2\.5'"):
        Lifespan(added="sdk-2.5")
    with pytest.raises(ValueError, match="not after it was added"):
        Lifespan(added="sdk-2.4", removed="sdk-2.4")
    with pytest.raises(ValueError, match="unknown revision"):
        declare("x", revised={"sdk-3": {"maximum": 1}})
    with pytest.raises(ValueError, match="cannot revise doc"):
        declare("x", revised={"sdk-2.4": {"doc": "y"}})


def test_a_literal_revision_names_only_its_own_values() -> None:
    assert value_lifespan(ss.Capability, "audio2txt") == Lifespan(added="sdk-2.4")
    assert value_lifespan(ss.Capability, "txt2img") == Lifespan()
    with pytest.raises(ValueError, match="not a value"):
        revise_literal(ss.Capability, added={"sdk-2.4": ("txt2everything",)})


def test_a_field_of_some_revisions_only_must_be_optional() -> None:
    @attrs.frozen(kw_only=True)
    class Strict(ss.models.Contract):
        code: str = attrs.field(metadata=declare("A code.", added="sdk-2.4"))

    with pytest.raises(TypeError, match="some revisions only is Optional"):
        class_spec(Strict)


def test_enum_values_of_a_view_keep_the_literal_order() -> None:
    shape = class_spec(ss.ModelInput, "sdk-2.4").by_wire["kind"].shape
    assert isinstance(shape, Enum)
    assert shape.values == typing.get_args(ss.AssetKind)


# --- the real SDK (run when scenario-sdk 2.4 is installed) ------------------------------


def test_sdk_responses_are_what_the_sdk_builds() -> None:
    pytest.importorskip("scenario_sdk", minversion=sdk_responses.SDK_VERSION)
    assert sdk_responses.build() == SDK_RESPONSES


def test_the_sdk_2_4_view_is_the_sdk_types() -> None:
    """Every SDK class: the same wire names, required flags and literal values."""
    pytest.importorskip("scenario_sdk", minversion=sdk_responses.SDK_VERSION)
    sdk = sdk_responses.sdk_module()
    # docs/spec-notes.md: optimizeFor keeps the values its description names.
    decisions = {("ModelParameters", "optimizeFor"): ("likeness", "all", "none")}
    for name in sdk.__all__:
        ours = class_spec(getattr(ss, name), "sdk-2.4").by_wire
        theirs = getattr(sdk, name).model_fields
        assert {f.alias or a for a, f in theirs.items()} == set(ours), name
        for attribute, field in theirs.items():
            wire = field.alias or attribute
            assert field.is_required() == ours[wire].required, (name, wire)
            literal = sdk_responses._optional(field.annotation)[0]
            while typing.get_origin(literal) in (list, dict):
                literal = sdk_responses._optional(typing.get_args(literal)[-1])[0]
            if typing.get_origin(literal) is typing.Literal:
                shape = ours[wire].shape
                while not isinstance(shape, Enum):
                    shape = shape.item if hasattr(shape, "item") else shape.value  # type: ignore[union-attr]
                expected = decisions.get((name, wire), typing.get_args(literal))
                assert set(shape.values) == set(expected), (name, wire)


def test_the_committed_stream_parses() -> None:
    lines = sdk_responses.STREAM.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == SDK_RESPONSES
    assert len(SDK_RESPONSES) == 36
