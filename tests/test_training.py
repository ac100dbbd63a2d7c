"""Training preflight: every rule of the page, per trainer family, table-driven."""

from __future__ import annotations

import functools
import json
import math
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import strategies as ss_st
from scenario_schema import training as ss_training
from scenario_schema._fields import Scalar, class_spec
from scenario_schema._report import tokens_of
from scenario_schema.cli import main
from scenario_schema.models import SchemaName
from scenario_schema.training import (
    DEFAULT_POLICY,
    Limits,
    TrainerRules,
    TrainingPolicy,
)

check_params = functools.partial(ss.check_training_parameters, revision="page")
check_model = functools.partial(ss.check_model_training, revision="page")
"""This module tests the page's trainers (the SD types included): its checks name the page."""

PARAMETERS = class_spec(ss.ModelParameters, "page").by_wire  # the preflight's default revision
# One model type per family, to drive the tables.
FAMILY_TYPE = {
    "flux-lora": "flux.1-lora",
    "musubi": "qwen-image-lora",
    "musubi-edit": "qwen-image-edit-2511-lora",
    "sd-1_5": "sd-1_5",
    "sd-xl": "sd-xl-lora",
    "elevenlabs-voice": "elevenlabs-voice",
}


def _codes(report: ss.Report) -> list[tuple[str, str, str]]:
    return [(issue.path, issue.code, issue.severity) for issue in report.issues]


def _check(params: dict[str, Any], family: str, **kwargs: Any) -> ss.TrainingReport:
    return check_params(params, FAMILY_TYPE[family], **kwargs)


# --- the table itself -------------------------------------------------------------------


def test_policy_maps_every_model_type_literal() -> None:
    assert sorted(DEFAULT_POLICY.families) == sorted(typing.get_args(ss.ModelType))
    assert set(DEFAULT_POLICY.families.values()) - {None} == set(DEFAULT_POLICY.trainers)


def test_policy_names_only_documented_parameters() -> None:
    named: set[str] = set(DEFAULT_POLICY.whole_numbers)
    for rules in DEFAULT_POLICY.trainers.values():
        named |= rules.parameters | set(rules.limits) | set(rules.defaults) | set(rules.deprecated)
    assert named <= set(PARAMETERS)


def test_family_limits_are_tighter_than_the_general_bounds() -> None:
    # The general bounds of the latest revision (the widest): under `page` the
    # page's own bound lines may be tighter still, and apply on top.
    latest = class_spec(ss.ModelParameters, "sdk-2.4").by_wire
    for rules in DEFAULT_POLICY.trainers.values():
        for name, limits in rules.limits.items():
            shape = latest[name].shape
            assert isinstance(shape, Scalar)
            general = shape.constraints
            low = general.minimum if general.minimum is not None else general.exclusive_minimum
            assert limits.minimum is None or low is None or limits.minimum >= low, name
            assert (
                limits.maximum is None
                or general.maximum is None
                or (limits.maximum <= general.maximum)
            ), name


@pytest.mark.parametrize(
    ("model_type", "family"),
    [
        ("flux.1-lora", "flux-lora"),
        ("flux.1-kontext-lora", "flux-lora"),
        ("flux.2-klein-4b-lora", "musubi"),
        ("qwen-image-edit-2511-lora", "musubi-edit"),
        ("qwen-image-edit-2509-lora", "musubi-edit"),
        ("flux.2-klein-base-9b-edit-lora", "musubi-edit"),
        ("qwen-image-2512-lora", "musubi"),
        ("zimage-turbo-lora", "musubi"),
        ("sd-1_5-lora", "sd-1_5"),
        ("sd-xl", "sd-xl"),
        ("elevenlabs-voice", "elevenlabs-voice"),
        ("flux.1-pro", None),
        ("sd-xl-composition", None),
        ("custom", None),
    ],
)
def test_model_types_map_to_their_trainer(model_type: str, family: str | None) -> None:
    report = check_params({}, model_type)
    assert report.family == family
    assert (("", "not-trainable", "error") in _codes(report)) == (family is None)


def test_unknown_model_type_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match=r"unknown model type 'flux\.9'; known: custom, "):
        check_params({}, "flux.9")


# --- per-family bounds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "name", "inside", "outside"),
    [
        ("flux-lora", "rank", [2, 64], [65, 128]),
        ("musubi", "rank", [2, 128], []),
        ("flux-lora", "maxTrainSteps", [0, 10000], [10001, 40000]),
        ("sd-1_5", "maxTrainSteps", [0, 40000], []),
        ("sd-xl", "maxTrainSteps", [0, 40000], []),
        ("flux-lora", "learningRateTextEncoder", [0.000001, 0.001], [0.0000005]),
        ("sd-xl", "learningRateTextEncoder", [0.0000005, 0.001], []),
    ],
)
def test_family_bounds(family: str, name: str, inside: list[float], outside: list[float]) -> None:
    for value in inside:
        report = _check({name: value}, family, strict=True)
        assert not [i for i in report.errors if i.path == f"/{name}"], (name, value)
    for value in outside:
        report = _check({name: value}, family)
        codes = [(i.path, i.code) for i in report.errors]
        expected = "minimum" if value < inside[0] else "maximum"
        assert codes == [(f"/{name}", expected)], (name, value)
        assert DEFAULT_POLICY.trainers[family].name in report.errors[0].message


def test_general_bounds_still_apply() -> None:
    report = _check({"rank": 500, "seed": -1}, "musubi")
    assert [(i.path, i.code) for i in report.errors] == [("/rank", "maximum"), ("/seed", "minimum")]
    assert "128" in report.errors[0].message


# --- applicability and deprecation -------------------------------------------------------


def test_parameter_of_another_trainer_is_not_applicable() -> None:
    """Every restricted parameter, given to every family that does not take it."""
    checked = 0
    for family, rules in DEFAULT_POLICY.trainers.items():
        for name in sorted(DEFAULT_POLICY.restricted - rules.parameters):
            value = _valid_value(name)
            warning = _check({name: value}, family)
            assert (f"/{name}", "not-applicable", "warning") in _codes(warning), (family, name)
            assert name not in warning.effective
            error = _check({name: value}, family, strict=True)
            assert (f"/{name}", "not-applicable", "error") in _codes(error), (family, name)
            checked += 1
    assert checked > 60


def _valid_value(name: str) -> Any:
    shape = PARAMETERS[name].shape
    samples: dict[str, Any] = {"string": "x", "boolean": True}
    if isinstance(shape, Scalar) and shape.kind == "number":
        limits = shape.constraints
        return limits.minimum if limits.minimum is not None else 1
    if isinstance(shape, Scalar):
        return samples[shape.kind]
    if name == "cloneType":
        return "instant"
    if name == "optimizeFor":
        return "likeness"
    if name == "lrScheduler":
        return "constant"
    return ["x"]


def test_applicable_parameters_are_not_flagged() -> None:
    for family, rules in DEFAULT_POLICY.trainers.items():
        for name in rules.parameters:
            report = _check({name: _valid_value(name)}, family)
            assert "not-applicable" not in {i.code for i in report.issues}, (family, name)


@pytest.mark.parametrize(
    ("family", "name", "advice"),
    [
        ("sd-1_5", "scaleLr", "ignores it"),
        ("sd-xl", "scaleLr", "ignores it"),
        ("sd-1_5", "textEncoderTrainingRatio", "numTextTrainSteps and numUNetTrainSteps"),
        ("sd-xl", "textEncoderTrainingRatio", "numTextTrainSteps and numUNetTrainSteps"),
        ("sd-xl", "maxTrainSteps", "numTextTrainSteps and numUNetTrainSteps"),
        ("sd-xl", "rank", "deprecated"),
    ],
)
def test_legacy_parameters_are_deprecated(family: str, name: str, advice: str) -> None:
    report = _check({name: _valid_value(name)}, family, strict=True)
    (issue,) = [i for i in report.issues if i.code == "deprecated"]
    assert (issue.path, issue.severity) == (f"/{name}", "warning")
    assert advice in issue.message


def test_ignored_parameter_is_left_out_of_the_effective_parameters() -> None:
    report = _check({"scaleLr": True, "seed": 7}, "sd-1_5")
    assert "scaleLr" not in report.effective
    assert report.effective["seed"].value == 7


# --- cross-field rules ------------------------------------------------------------------


def test_sample_source_images_must_pair_with_sample_prompts() -> None:
    same = _check({"samplePrompts": ["a", "b"], "sampleSourceImages": ["x", "y"]}, "flux-lora")
    assert same.ok
    report = _check({"samplePrompts": ["a", "b"], "sampleSourceImages": ["x"]}, "flux-lora")
    assert _codes(report) == [("/sampleSourceImages", "length-mismatch", "error")]
    alone = _check({"sampleSourceImages": ["x"]}, "flux-lora")
    assert _codes(alone) == [("/sampleSourceImages", "length-mismatch", "error")]


def test_validation_frequency_may_not_exceed_given_max_train_steps() -> None:
    assert _check({"validationFrequency": 100, "maxTrainSteps": 100}, "sd-1_5").ok
    report = _check({"validationFrequency": 101, "maxTrainSteps": 100}, "sd-1_5")
    assert _codes(report) == [("/validationFrequency", "exceeds-max-train-steps", "error")]


def test_validation_frequency_may_not_exceed_the_default_max_train_steps() -> None:
    report = _check({"validationFrequency": 2000}, "sd-1_5", training_images=8)  # default 600
    assert _codes(report) == [("/validationFrequency", "exceeds-max-train-steps", "error")]
    assert "(the default)" in report.issues[0].message
    assert _check({"validationFrequency": 2000}, "sd-1_5").ok  # no default without images


@pytest.mark.parametrize("clone_type", ["instant", "professional"])
def test_clone_type_is_instant_or_professional(clone_type: str) -> None:
    assert _check({"cloneType": clone_type}, "elevenlabs-voice").ok
    report = _check({"cloneType": clone_type.upper()}, "elevenlabs-voice")
    assert _codes(report) == [("/cloneType", "enum", "error")]
    assert "'instant' or 'professional'" in report.issues[0].message


def test_remove_background_noise_explains_the_five_second_rule() -> None:
    report = _check({"removeBackgroundNoise": True}, "elevenlabs-voice")
    assert report.ok
    (issue,) = report.issues
    assert (issue.code, issue.severity) == ("sample-length", "warning")
    assert "at least 5 seconds" in issue.message
    assert _check({"removeBackgroundNoise": False}, "elevenlabs-voice").issues == ()


# --- defaults ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "images", "steps"),
    [("sd-1_5", 7, 525), ("sd-1_5", 1, 75), ("sd-xl", 10, 1750), ("flux-lora", 20, 2000)],
)
def test_max_train_steps_default_from_training_images(family: str, images: int, steps: int) -> None:
    report = _check({}, family, training_images=images)
    setting = report.effective["maxTrainSteps"]
    assert (setting.value, setting.source) == (steps, "default")
    assert "maxTrainSteps" in report.defaults
    assert report.ok


@pytest.mark.parametrize(
    ("family", "images"), [("flux-lora", 101), ("sd-xl", 229), ("sd-1_5", 534)]
)
def test_default_max_train_steps_beyond_the_family_maximum(family: str, images: int) -> None:
    report = _check({}, family, training_images=images)
    assert _codes(report) == [("/maxTrainSteps", "default-exceeds-maximum", "error")]
    assert "set maxTrainSteps explicitly" in report.issues[0].message
    assert _check({"maxTrainSteps": 1000}, family, training_images=images).ok


def test_max_train_steps_default_needs_training_images() -> None:
    setting = _check({}, "flux-lora").effective["maxTrainSteps"]
    assert setting.value is None
    assert "training images" in setting.note


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        (
            "sd-1_5",
            {"learningRate": 0.000005, "conceptPrompt": "daiton", "lrScheduler": "constant"},
        ),
        (
            "sd-xl",
            {
                "learningRate": 0.000005,
                "learningRateTextEncoder": 0.00005,
                "rank": 64,
                "conceptPrompt": "daiton",
            },
        ),
        (
            "flux-lora",
            {
                "learningRate": 0.0001,
                "learningRateTextEncoder": 0.00001,
                "rank": 16,
                "conceptPrompt": "",
            },
        ),
        ("musubi", {"rank": 64}),
    ],
)
def test_documented_defaults_are_filled_and_marked(family: str, expected: dict[str, Any]) -> None:
    report = _check({}, family)
    for name, value in expected.items():
        assert report.effective[name].value == value, name
        assert report.effective[name].source == "default"
    given = _check(dict.fromkeys(expected), family)  # explicit nulls take the default too
    assert {n: given.effective[n].value for n in expected} == expected


def test_given_values_win_over_defaults() -> None:
    report = _check({"rank": 32, "learningRate": 0.0002}, "flux-lora")
    assert report.effective["rank"].source == "given"
    assert report.effective_parameters()["learningRate"] == 0.0002


# --- whole numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DEFAULT_POLICY.whole_numbers))
def test_fractional_count_is_an_integer_issue(name: str) -> None:
    family = (
        next(f for f, r in DEFAULT_POLICY.trainers.items() if name in r.parameters)
        if (name in DEFAULT_POLICY.restricted)
        else "sd-1_5"
    )
    value = {"seed": 7.5, "batchSize": 2.5}.get(name, 10.5)
    params = (
        {name: value, "maxTrainSteps": 1000} if name == "validationFrequency" else {name: value}
    )
    assert (f"/{name}", "integer", "warning") in _codes(_check(params, family))
    assert (f"/{name}", "integer", "error") in _codes(_check(params, family, strict=True))
    whole = {**params, name: math.floor(value) * 1.0}
    assert "integer" not in {i.code for i in _check(whole, family).issues}


# --- whole Model documents --------------------------------------------------------------


def _model(model_type: str, **fields: Any) -> dict[str, Any]:
    example: dict[str, Any] = json.loads(
        (Path(__file__).parent.parent / "examples" / "train-action-response.json").read_text()
    )
    model: dict[str, Any] = example["model"]
    model.update({"type": model_type, "parameters": {}, **fields})
    return model


def test_kontext_concept_scale_is_zero_to_two() -> None:
    model = _model("flux.1-kontext-lora", concepts=[{"modelId": "m", "scale": -0.5}])
    report = check_model(model)
    assert _codes(report) == [("/concepts/0/scale", "minimum", "error")]
    other = _model("flux.1-lora", concepts=[{"modelId": "m", "scale": -0.5}])
    assert check_model(other).ok


def test_a_model_is_checked_against_its_own_type_with_paths_from_the_root() -> None:
    model = _model("flux.1-lora", trainingImagesNumber=30)
    model["parameters"] = {"rank": 100, "lrScheduler": "cosine"}
    report = check_model({"model": model})
    assert _codes(report) == [
        ("/model/parameters/rank", "maximum", "error"),
        ("/model/parameters/lrScheduler", "not-applicable", "warning"),
    ]
    assert report.effective["maxTrainSteps"].value == 3000  # from trainingImagesNumber
    assert check_model(model).issues[0].path == "/parameters/rank"


def test_a_model_of_an_untrainable_type_is_reported_at_its_type() -> None:
    report = check_model(_model("flux.1-pro"))
    assert _codes(report) == [("/type", "not-trainable", "error")]


def test_a_model_of_an_unknown_type_is_a_warning() -> None:
    report = check_model(_model("flux.9-lora"))
    assert _codes(report) == [("/type", "unknown-model-type", "warning")]


def test_sd15_concept_prompt_default_only_without_a_class() -> None:
    assert check_model(_model("sd-1_5")).effective.get("conceptPrompt") is None
    bare = _model("sd-1_5")
    del bare["class"]
    assert check_model(bare).effective["conceptPrompt"].value == "daiton"


def test_objects_are_accepted_as_well_as_dicts() -> None:
    report = check_params(ss.ModelParameters(rank=100), "flux.1-lora")
    assert _codes(report) == [("/rank", "maximum", "error")]
    loaded = ss.load(ss.Model, _model("flux.1-lora", parameters={"rank": 8}))
    assert check_model(loaded).effective["rank"].value == 8


def test_general_type_errors_are_reported_once() -> None:
    report = _check({"rank": "16", "nbEpochs": True}, "flux-lora")
    assert [(i.path, i.code) for i in report.issues] == [("/nbEpochs", "type"), ("/rank", "type")]


def test_wandb_key_is_redacted_in_the_report() -> None:
    report = _check({"wandbKey": "secret-wandb-key"}, "flux-lora")
    assert "secret-wandb-key" not in repr(report)
    assert report.effective["wandbKey"].value == "secret-wandb-key"


# --- paths and root causes --------------------------------------------------------------


def _resolves(document: Any, path: str) -> bool:
    """The path points at a value of the document, or names a missing member of an
    object of the document."""
    value = document
    tokens = tokens_of(path)
    for index, token in enumerate(tokens):
        if isinstance(value, Mapping):
            if token not in value:
                return index == len(tokens) - 1
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return False
    return True


@pytest.mark.parametrize("parameters", [{}, None, "absent"])
def test_a_default_beyond_the_maximum_is_reported_where_the_parameters_are(
    parameters: Any,
) -> None:
    """With no parameters object (left out or null), at ``/parameters`` itself."""
    document: dict[str, Any] = {"type": "flux.1-lora", "trainingImagesNumber": 1000}
    if parameters != "absent":
        document["parameters"] = parameters
    where = "/parameters/maxTrainSteps" if parameters == {} else "/parameters"
    for wrapped, prefix in ((document, ""), ({"model": document}, "/model")):
        report = check_model(wrapped)
        assert _codes(report) == [(prefix + where, "default-exceeds-maximum", "error")]
        assert _resolves(wrapped, report.issues[0].path)


def test_parameters_that_are_not_an_object_are_reported_not_ignored() -> None:
    not_objects: list[Any] = [[], 0, "", False]
    for parameters in not_objects:
        model = _model("flux.1-lora", parameters=parameters)
        assert _codes(check_model(model))[0] == ("/parameters", "type", "error")


@pytest.mark.parametrize("document", [False, True])
def test_a_refused_parameter_is_not_reported_again_by_the_policy(document: bool) -> None:
    """One field, one root cause: a NaN rank is not-finite, and not also not whole."""
    parameters = {"rank": math.nan, "nbEpochs": 2.5e9, "maxTrainSteps": "many"}
    if document:
        report = check_model(_model("flux.1-lora", parameters=parameters))
        prefix = "/parameters"
    else:
        report = _check(parameters, "flux-lora", strict=True)
        prefix = ""
    assert _codes(report) == [
        (prefix + "/maxTrainSteps", "type", "error"),
        (prefix + "/nbEpochs", "maximum", "error"),
        (prefix + "/rank", "not-finite", "error"),
    ]


def test_a_rule_between_fields_is_not_checked_against_a_refused_field() -> None:
    report = _check({"validationFrequency": 50000, "maxTrainSteps": 45000}, "sd-1_5")
    assert _codes(report) == [("/maxTrainSteps", "maximum", "error")]


@pytest.mark.parametrize("name", ["model", "train-action-response"])
def test_every_issue_path_of_a_model_check_resolves_in_the_document(name: SchemaName) -> None:
    """Over generated models of every type, with parameters present, null, absent, broken."""
    model_types = st.sampled_from(sorted(DEFAULT_POLICY.families))
    parameters = st.one_of(
        st.just("absent"),
        st.none(),
        ss_st.json_values(max_leaves=6),
        ss_st.payloads("model-parameters", mode="lenient"),
        ss_st.invalid_payloads("model-parameters").map(lambda mutation: mutation.payload),
    )

    @given(
        ss_st.payloads(name, mode="lenient"),
        model_types,
        parameters,
        st.integers(0, 10**6) | st.none(),
    )
    def check(document: dict[str, Any], model_type: str, params: Any, images: Any) -> None:
        model = document["model"] if name == "train-action-response" else document
        model["type"] = model_type
        model["trainingImagesNumber"] = images
        if params == "absent":
            model.pop("parameters", None)
        else:
            model["parameters"] = params
        for issue in check_model(document, strict=True).issues:
            assert _resolves(document, issue.path), issue

    check()


def test_every_issue_path_of_a_parameters_check_resolves_in_them() -> None:
    @given(
        ss_st.json_values(max_leaves=6)
        | ss_st.invalid_payloads("model-parameters").map(lambda mutation: mutation.payload),
        st.sampled_from(sorted(FAMILY_TYPE.values())),
    )
    def check(parameters: Any, model_type: str) -> None:
        report = check_params(parameters, model_type, training_images=10**4)
        for issue in report.issues:
            assert _resolves(parameters, issue.path), issue

    check()


# --- bounded output ---------------------------------------------------------------------


def test_huge_counts_give_a_bounded_default_exceeds_maximum_message() -> None:
    huge = TrainingPolicy(
        families={"flux.1-lora": "huge"},
        trainers={
            "huge": TrainerRules(
                name="Huge",
                parameters=frozenset(),
                steps_per_image=ss_training.StepsPerImage(10**60),
            )
        },
        whole_numbers=frozenset(),
    )
    report = check_params({}, "flux.1-lora", training_images=10**6, policy=huge)
    (issue,) = report.issues
    assert issue.code == "default-exceeds-maximum"
    assert "digits" in issue.message
    assert len(issue.message) <= 300
    assert "\n" not in issue.message


def test_a_report_holding_a_5000_digit_integer_has_a_repr() -> None:
    report = _check({"seed": 10**5000, "rank": 16}, "sd-xl")
    assert report.issues[0].code == "maximum"
    assert "digits" in repr(report)
    assert "digits" in str(report)


def test_a_caller_can_pass_their_own_policy() -> None:
    policy = TrainingPolicy(
        families={**DEFAULT_POLICY.families, "flux.2-dev-lora": "flux-lora-2"},
        trainers={
            **DEFAULT_POLICY.trainers,
            "flux-lora-2": TrainerRules(
                name="Flux 2", parameters=frozenset({"rank"}), limits={"rank": Limits(4, 32)}
            ),
        },
        whole_numbers=DEFAULT_POLICY.whole_numbers,
    )
    report = check_params({"rank": 2}, "flux.2-dev-lora", policy=policy)
    assert _codes(report) == [("/rank", "minimum", "error")]
    assert "Flux 2" in report.issues[0].message


# --- generated parameters within a family pass for that family ----------------------------


def _family_parameters(family: str) -> st.SearchStrategy[dict[str, Any]]:
    """Parameters the family takes, within its limits, counts whole, pairs consistent."""
    from scenario_schema.strategies import _field

    rules = DEFAULT_POLICY.trainers[family]
    general = set(PARAMETERS) - DEFAULT_POLICY.restricted
    names = (rules.parameters | general) - set(rules.deprecated) - {"removeBackgroundNoise"}
    fields = {}
    for name in sorted(names):
        spec = PARAMETERS[name]
        limits = rules.limits.get(name)
        if limits is not None and isinstance(spec.shape, Scalar):
            # The family's limits, intersected with the general ones.
            bounds = spec.shape.constraints
            assert limits.minimum is not None
            assert limits.maximum is not None
            tighter = attrs.evolve(
                bounds,
                minimum=limits.minimum,
                exclusive_minimum=None,
                maximum=min(limits.maximum, bounds.maximum or math.inf),
            )
            spec = attrs.evolve(spec, shape=Scalar(kind="number", constraints=tighter))
        strategy = _field(spec, "strict")
        if name in DEFAULT_POLICY.whole_numbers:
            strategy = strategy.map(lambda v: v if v is None else math.floor(v))
        if name == "cloneType":
            strategy = st.sampled_from(DEFAULT_POLICY.clone_types)
        fields[name] = strategy
    return st.fixed_dictionaries({}, optional=fields)


def _consistent(params: dict[str, Any], family: str, images: int) -> dict[str, Any]:
    """Keep the pairs the page ties together consistent."""
    rules = DEFAULT_POLICY.trainers[family]
    for name, most in rules.most_items.items():
        if params.get(name) is not None:
            params[name] = params[name][:most]
    if params.get("cloneType") == "instant":  # age and gender are for professional cloning
        params.pop("age", None)
        params.pop("gender", None)
    prompts = params.get("samplePrompts") or []
    if params.get("sampleSourceImages") is not None:
        params["sampleSourceImages"] = [f"asset_{i}" for i in range(len(prompts))]
    steps = DEFAULT_POLICY.trainers[family].steps_per_image
    if params.get("validationFrequency") is not None and steps is not None:
        ceiling = params.get("maxTrainSteps")
        ceiling = steps.steps(images) if ceiling is None else ceiling
        params["validationFrequency"] = min(params["validationFrequency"], ceiling)
    return params


@pytest.mark.parametrize("family", sorted(FAMILY_TYPE))
def test_parameters_within_a_family_pass_for_that_family(family: str) -> None:
    @given(_family_parameters(family), st.integers(min_value=2, max_value=40))
    def check(params: dict[str, Any], images: int) -> None:
        params = _consistent(params, family, images)
        report = _check(params, family, training_images=images, strict=True)
        assert report.ok, report.errors

    check()


# --- CLI --------------------------------------------------------------------------------


def test_cli_checks_parameters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "params.json"
    document.write_text(json.dumps({"rank": 100, "wandbKey": "top-secret-key"}))
    status = main(
        ["check-params", "--model-type", "flux.1-lora", "--format", "json", str(document)]
    )
    assert status == 1
    record = json.loads(capsys.readouterr().out)
    assert record["family"] == "flux-lora"
    assert record["issues"][0]["code"] == "maximum"
    assert record["effective"]["rank"] == {"value": 100, "source": "given", "note": ""}
    assert record["effective"]["wandbKey"]["value"] == "<redacted>"
    main(["check-params", "--model-type", "flux.1-lora", str(document)])
    assert "top-secret-key" not in capsys.readouterr().out


def test_cli_unknown_model_type_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-params", "--model-type", "flux.9", "-"]) == 2
    err = capsys.readouterr().err
    assert "unknown model type 'flux.9'" in err
    assert "flux.1-lora" in err


def test_cli_valid_parameters_exit_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO('{"rank": 32}'))
    assert (
        main(["check-params", "--model-type", "flux.1-lora", "--training-images", "10", "-"]) == 0
    )
    out = capsys.readouterr().out
    assert "ready to train (flux.1-lora, Flux LoRA)" in out
    assert "maxTrainSteps            1000" in out


def test_family_patterns_give_the_documented_mapping() -> None:
    """The mapping docs/spec-notes.md states, type by type."""
    by_family: dict[str | None, list[str]] = {}
    for model_type, family in DEFAULT_POLICY.families.items():
        by_family.setdefault(family, []).append(model_type)
    assert sorted(by_family["flux-lora"]) == [
        "flux.1-kontext-lora",
        "flux.1-krea-lora",
        "flux.1-lora",
    ]
    assert len(by_family["musubi"]) + len(by_family["musubi-edit"]) == 18
    assert all(
        t.endswith("-lora") and t.startswith(("flux.2-", "qwen-", "zimage")) and "edit" not in t
        for t in by_family["musubi"]
    )
    assert sorted(by_family["musubi-edit"]) == [
        "flux.2-dev-edit-lora", "flux.2-klein-4b-edit-lora", "flux.2-klein-9b-edit-lora",
        "flux.2-klein-base-4b-edit-lora", "flux.2-klein-base-9b-edit-lora",
        "qwen-image-edit-2509-lora", "qwen-image-edit-2511-lora", "qwen-image-edit-lora",
    ]  # fmt: skip
    assert sorted(by_family["sd-1_5"]) == ["sd-1_5", "sd-1_5-lora"]
    assert sorted(by_family["sd-xl"]) == ["sd-xl", "sd-xl-lora"]
    assert by_family["elevenlabs-voice"] == ["elevenlabs-voice"]
    assert sorted(by_family[None]) == [
        "custom", "flux.1", "flux.1-composition", "flux.1-kontext-dev", "flux.1-krea-dev",
        "flux.1-pro", "flux.1.1-pro-ultra", "flux1.1-pro", "gpt-image-1", "sd-1_5-composition",
        "sd-xl-composition",
    ]  # fmt: skip
