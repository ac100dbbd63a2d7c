"""validate(): every issue of a document in one pass, each at its exact JSON Pointer."""

from __future__ import annotations

import copy
import functools
import math
from typing import Any

import pytest

import scenario_schema as ss
from tests.conftest import PAGE_EXAMPLE

validate = functools.partial(ss.validate, revision="page")
"""The page's rules, pinned: this module tests the reference page (not the default, latest)."""


def _paths(report: ss.Report) -> list[tuple[str, str]]:
    return [(issue.path, issue.code) for issue in report.issues]


def test_page_example_is_valid_in_strict_mode() -> None:
    report = validate(copy.deepcopy(PAGE_EXAMPLE), "train-action-response")
    assert report.ok
    assert report.errors == ()
    # Warnings only: the conflict, and the prose rules the example breaks (_rules.py):
    # a `boolean` input with the fields of every other input type, epochs on `custom`.
    inputs = [
        "backgroundBehavior", "color", "inputs", "kind", "max", "maxSize", "min",
        "modelTypes", "parent", "placeholder", "prompt", "promptSpark", "step",
    ]  # fmt: skip
    assert _paths(report) == [
        *((f"/model/inputs/0/{name}", "not-applicable") for name in inputs),
        ("/model/uiConfig/triggerGenerate", "conflict"),
        ("/model/epoch", "not-applicable"),
        ("/model/epochs", "not-applicable"),
    ]


def test_fixture_example_has_no_issue(response: dict[str, Any]) -> None:
    assert validate(response, "train-action-response").issues == ()


def test_page_example_model_validates_by_every_entry_point(response: dict[str, Any]) -> None:
    assert validate(response["model"], "model").ok
    assert validate(response["model"], ss.Model).ok
    assert validate(response["model"]["parameters"], "model-parameters").ok
    assert validate({"action": "cancel"}, "train-action-params").ok
    assert validate(response["model"]["inputs"][0], ss.ModelInput).ok


def test_every_issue_is_reported_in_one_pass_at_its_path(response: dict[str, Any]) -> None:
    model = response["model"]
    model["parameters"]["rank"] = 500
    model["inputs"].extend([{"name": "a", "type": "string"}] * 2)
    model["inputs"].append({"name": "b", "type": "file", "kind": "hologram"})
    model["privacy"] = "secret"
    model["trainingProgress"]["progress"] = 1.5
    report = validate(response, "train-action-response")
    assert _paths(report) == [
        ("/model/privacy", "enum"),
        ("/model/inputs/3/kind", "enum"),
        ("/model/parameters/rank", "maximum"),
        ("/model/trainingProgress/progress", "maximum"),
    ]
    assert not report.ok
    assert report.errors == report.issues
    assert report.warnings == ()


def test_missing_required_field_is_reported_at_its_own_pointer(
    response: dict[str, Any],
) -> None:
    del response["model"]["id"]
    del response["model"]["class"]["slug"]
    report = validate(response, "train-action-response")
    assert _paths(report) == [("/model/id", "required"), ("/model/class/slug", "required")]
    assert "'id'" in report.issues[0].message


def test_bad_list_item_is_reported_at_the_items_pointer(response: dict[str, Any]) -> None:
    response["model"]["capabilities"] = ["txt2img", "txt2everything", 7]
    report = validate(response, "train-action-response")
    assert _paths(report) == [("/model/capabilities/1", "enum"), ("/model/capabilities/2", "type")]


@pytest.mark.parametrize("field", ["authorId", "class", "parameters", "concepts", "userId"])
def test_optional_field_may_be_absent_or_null(model: dict[str, Any], field: str) -> None:
    model[field] = None
    assert validate(model, "model").ok
    del model[field]
    assert validate(model, "model").ok


@pytest.mark.parametrize("field", ["id", "capabilities", "custom", "trainingImagesNumber", "type"])
def test_required_field_may_be_neither_absent_nor_null(model: dict[str, Any], field: str) -> None:
    model[field] = None
    assert _paths(validate(model, "model")) == [(f"/{field}", "type")]
    del model[field]
    assert _paths(validate(model, "model")) == [(f"/{field}", "required")]


def test_null_list_item_is_a_type_error(model: dict[str, Any]) -> None:
    model["tags"] = ["a", None]
    assert _paths(validate(model, "model")) == [("/tags/1", "type")]


def test_undocumented_field_is_a_warning_in_both_modes(model: dict[str, Any], mode: Any) -> None:
    model["brandNewField"] = {"x": 1}
    model["parameters"]["max_train_steps"] = 10  # snake_case is not the wire name
    report = validate(model, "model", mode=mode)
    assert report.ok
    assert _paths(report) == [
        ("/parameters/max_train_steps", "unknown-field"),
        ("/brandNewField", "unknown-field"),
    ]
    assert all(issue.severity == "warning" for issue in report.issues)


def test_strict_mode_rejects_an_undocumented_enum_value(model: dict[str, Any]) -> None:
    model["status"] = "archived"
    report = validate(model, "model")
    assert _paths(report) == [("/status", "enum")]
    assert report.issues[0].severity == "error"


def test_lenient_mode_warns_on_an_undocumented_enum_value(model: dict[str, Any]) -> None:
    model["status"] = "archived"
    model["capabilities"].append("txt2hologram")
    model["accessRestrictions"] = 60
    report = validate(model, "model", mode="lenient")
    assert report.ok
    assert _paths(report) == [
        ("/capabilities/1", "unknown-enum"),
        ("/status", "unknown-enum"),
        ("/accessRestrictions", "unknown-enum"),
    ]


def test_lenient_mode_still_rejects_wrong_types_and_bounds(model: dict[str, Any]) -> None:
    model["status"] = 3
    model["accessRestrictions"] = "pro"
    model["parameters"]["rank"] = 1
    report = validate(model, "model", mode="lenient")
    assert _paths(report) == [
        ("/status", "type"),
        ("/accessRestrictions", "type"),
        ("/parameters/rank", "minimum"),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rank", True),  # a boolean is not a number
        ("rank", "16"),  # a numeric string is not a number
        ("conceptPrompt", 16),  # a number is not a string
        ("samplePrompts", "a prompt"),  # a string is not a list
        ("randomCrop", 1),  # a number is not a boolean
        ("randomCrop", "false"),  # a string is not a boolean
        ("samplePrompts", {"0": "a"}),  # an object is not a list
    ],
)
def test_no_silent_coercion(parameters: dict[str, Any], field: str, value: Any, mode: Any) -> None:
    parameters[field] = value
    assert _paths(validate(parameters, "model-parameters", mode=mode)) == [(f"/{field}", "type")]


def test_false_is_not_the_access_restriction_zero(model: dict[str, Any], mode: Any) -> None:
    model["accessRestrictions"] = False  # False == 0 in Python
    assert _paths(validate(model, "model", mode=mode)) == [("/accessRestrictions", "type")]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "field", ["rank", "learningRate", "priorLossWeight", "seed", "validationFrequency"]
)
def test_non_finite_number_is_rejected_at_its_field(
    parameters: dict[str, Any], field: str, value: float, mode: Any
) -> None:
    parameters[field] = value
    report = validate(parameters, "model-parameters", mode=mode)
    assert _paths(report) == [(f"/{field}", "not-finite")]


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_non_finite_number_is_rejected_in_unbounded_and_enum_fields(
    model: dict[str, Any], value: float
) -> None:
    model["trainingImagesNumber"] = value
    model["accessRestrictions"] = value
    model["inputs"][0]["default"] = {"deep": [value]}
    assert _paths(validate(model, "model")) == [
        ("/trainingImagesNumber", "not-finite"),
        ("/accessRestrictions", "not-finite"),
        ("/inputs/0/default/deep/0", "not-finite"),
    ]


@pytest.mark.parametrize(
    ("field", "inside", "outside", "code"),
    [
        ("rank", [2, 128, 64.5], [1.999, 128.001], None),
        ("batchSize", [1, 4], [0, 5], None),
        ("maxTrainSteps", [0, 40000], [-1, 40001], None),
        ("nbEpochs", [1, 30], [0.5, 31], None),
        ("nbRepeats", [1, 30], [0, 30.5], None),
        ("numTextTrainSteps", [0, 40000], [-0.1, 40000.5], None),
        ("numUNetTrainSteps", [0, 40000], [-5, 50000], None),
        ("randomCropRatio", [0, 1], [-0.01, 1.01], None),
        ("randomCropScale", [0, 0.5, 1], [-1, 2], None),
        ("seed", [0, 2**53 - 1], [-1, 2**53], None),
        ("textEncoderTrainingRatio", [0, 0.99], [-0.1, 0.991], None),
        ("learningRateTextEncoder", [1e-9, 0.001], [0.0011], "maximum"),
        ("learningRateTextEncoder", [0.0005], [0, -1], "exclusiveMinimum"),
        ("learningRate", [1e-12, 5], [0, -0.1], "exclusiveMinimum"),
        ("learningRateUnet", [1e-12, 1], [0], "exclusiveMinimum"),
        ("priorLossWeight", [1e-300, 1, 1e300], [0], "exclusiveMinimum"),
        ("validationFrequency", [0, 10**6], [-1], "minimum"),
    ],
)
def test_parameter_bounds(
    parameters: dict[str, Any],
    field: str,
    inside: list[float],
    outside: list[float],
    code: str | None,
) -> None:
    for value in inside:
        parameters[field] = value
        assert validate(parameters, "model-parameters").ok, (field, value)
    for value in outside:
        parameters[field] = value
        report = validate(parameters, "model-parameters")
        (issue,) = report.issues
        expected = code or ("minimum" if value < inside[0] else "maximum")
        assert (issue.path, issue.code) == (f"/{field}", expected), value


def test_concept_scale_step_and_progress_bounds(model: dict[str, Any]) -> None:
    model["concepts"][0]["scale"] = 2.5
    model["inputs"][0]["step"] = 0.5
    model["trainingProgress"]["progress"] = -0.1
    assert _paths(validate(model, "model")) == [
        ("/concepts/0/scale", "maximum"),
        ("/inputs/0/step", "minimum"),
        ("/trainingProgress/progress", "minimum"),
    ]


def test_wandb_key_longer_than_40_characters(parameters: dict[str, Any]) -> None:
    parameters["wandbKey"] = "k" * 40
    assert validate(parameters, "model-parameters").ok
    parameters["wandbKey"] = "k" * 41
    assert _paths(validate(parameters, "model-parameters")) == [("/wandbKey", "maxLength")]


def test_optimize_for_accepts_the_values_its_description_names(parameters: dict[str, Any]) -> None:
    for value in ("likeness", "all", "none"):
        parameters["optimizeFor"] = value
        assert validate(parameters, "model-parameters").ok
    parameters["optimizeFor"] = "speed"
    assert _paths(validate(parameters, "model-parameters")) == [("/optimizeFor", "enum")]


def test_prior_loss_weight_maximum_is_the_largest_double(parameters: dict[str, Any]) -> None:
    parameters["priorLossWeight"] = 2.0  # above the page's printed "1.7976931348623157"
    assert validate(parameters, "model-parameters").ok


def test_access_restrictions_accepts_each_plan_and_float_spelling(model: dict[str, Any]) -> None:
    for value in (0, 25, 50, 75, 100, 25.0):
        model["accessRestrictions"] = value
        assert validate(model, "model").ok
    model["accessRestrictions"] = 30
    assert _paths(validate(model, "model")) == [("/accessRestrictions", "enum")]


def test_object_typed_fields_take_any_json_value(model: dict[str, Any]) -> None:
    values: list[Any] = [1, "x", [1, {"a": None}], True, {}, 2.5]
    for value in values:
        model["inputs"][0]["default"] = value
        model["uiConfig"]["presets"][0]["presets"] = value
        assert validate(model, "model").ok


def test_required_object_typed_field_may_not_be_null(model: dict[str, Any]) -> None:
    model["uiConfig"]["presets"][0]["presets"] = None
    assert _paths(validate(model, "model")) == [("/uiConfig/presets/0/presets", "type")]


def test_map_values_are_checked_at_their_key(model: dict[str, Any]) -> None:
    model["uiConfig"]["inputProperties"]["a/b~c"] = {"collapsed": "yes"}
    assert _paths(validate(model, "model")) == [
        ("/uiConfig/inputProperties/a~1b~0c/collapsed", "type")
    ]


def test_path_tokens_are_escaped(model: dict[str, Any]) -> None:
    model["odd/key~name"] = 1
    assert _paths(validate(model, "model")) == [("/odd~1key~0name", "unknown-field")]


def test_date_formats_are_not_enforced_by_default(model: dict[str, Any]) -> None:
    assert model["createdAt"] == "createdAt"
    assert validate(model, "model").ok


def test_date_formats_are_checked_on_request(model: dict[str, Any]) -> None:
    report = validate(model, "model", check_formats=True)
    assert {issue.path for issue in report.issues} == {
        "/createdAt",
        "/updatedAt",
        "/performanceStats/variants/0/computedAt",
        "/performanceStats/variants/0/arenaScore/fetchedAt",
        "/trainingImages/0/createdAt",
        "/trainingStats/endedAt",
        "/trainingStats/startedAt",
    }
    assert {issue.code for issue in report.issues} == {"format"}
    for path in ("createdAt", "updatedAt"):
        model[path] = "2023-02-03T11:19:41.579Z"
    model["trainingStats"] = {"startedAt": "2023-02-03T11:19:41+01:00"}
    del model["performanceStats"], model["trainingImages"]
    assert validate(model, "model", check_formats=True).issues == ()


def test_top_level_must_be_an_object(mode: Any) -> None:
    payloads: list[Any] = [[], "model", None, 3, True]
    for payload in payloads:
        report = validate(payload, "model", mode=mode)
        assert _paths(report) == [("", "type")]


def test_non_string_keys_are_reported() -> None:
    report = validate({1: "x", "action": "cancel"}, "train-action-params")
    assert _paths(report) == [("", "type")]
    assert "keys must be strings" in report.issues[0].message


def test_python_values_that_json_cannot_hold_are_reported(model: dict[str, Any]) -> None:
    model["inputs"][0]["default"] = {"when": (1, 2)}
    model["tags"] = ("a",)
    assert _paths(validate(model, "model")) == [
        ("/tags", "type"),
        ("/inputs/0/default/when", "type"),
    ]


def test_unknown_schema_name_and_mode_are_usage_errors(model: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown schema 'modle'"):
        validate(model, "modle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode must be"):
        validate(model, "model", mode="loose")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        validate(model, dict)  # type: ignore[arg-type]


def test_messages_are_one_readable_line(model: dict[str, Any]) -> None:
    model["parameters"]["rank"] = 500
    model["status"] = "s" * 1000
    model["tags"] = "x"
    report = validate(model, "model")
    messages = {issue.path: issue.message for issue in report.issues}
    assert messages["/parameters/rank"] == "500 is greater than the maximum of 128"
    assert messages["/tags"] == "expected an array, got string ('x')"
    assert all("\n" not in message and len(message) < 300 for message in messages.values())


def test_trigger_generate_position_and_after_together_is_a_warning(model: dict[str, Any]) -> None:
    trigger = model["uiConfig"]["triggerGenerate"]
    trigger["after"] = "prompt"
    report = validate(model, "model")
    assert report.ok
    assert _paths(report) == [("/uiConfig/triggerGenerate", "conflict")]
    assert report.issues[0].severity == "warning"
    trigger["after"] = None
    assert validate(model, "model").ok
    del trigger["after"]
    assert validate(model, "model").ok
