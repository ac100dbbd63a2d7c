"""Rules the page writes in prose: each sentence quoted, each rule at its exact pointer.

Every rule is a warning (the page's own example breaks several, and stays valid in
strict mode), in ``validate`` and ``load``, in both modes, under both revisions.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest

import scenario_schema as ss
from scenario_schema._options import Mode
from scenario_schema._revisions import Revision
from scenario_schema._rules import RULES
from tests.spec_page import PAGE

validate = functools.partial(ss.validate, revision="page")
load = functools.partial(ss.load, revision="page")
"""This module tests the page's rules: its checks name the page (the default is latest)."""

MODES: tuple[Mode, ...] = ("strict", "lenient")
REVISIONS: tuple[Revision, ...] = ("page", "sdk-2.4")

# (field, an input type it applies to, one it does not, a value), one per sentence.
INPUT_RULES = [
    ("color", "string", "number", True, "Only available for `string` input type."),
    ("placeholder", "string", "boolean", "p", "Only available for \u2018string\u2019 input type."),
    ("prompt", "string", "number", True, "Only available for `string` input type."),
    ("promptSpark", "string", "file", True, "Only available for `string` input type."),
    ("step", "number", "string", 1, "Only available for `number` input type."),
    ("max", "number", "string", 3, "Only available for `number` and `array` input types."),
    ("max", "number_array", "boolean", 3, "Only available for `number` and `array` input types."),
    ("min", "string_array", "string", 0, "Only available for `number` and array input types."),
    ("modelTypes", "model_array", "model", ["flux.1-lora"], "Only available for `model_array`"),
    ("parent", "file", "string", True, "Only available for `file` and `file_array` input types."),
    ("maxSize", "file_array", "number", 10, "Only applies to `file` and `file_array` input"),
    ("kind", "file", "string", "image", "Only taken into account for `file` and `file_array`"),
    (
        "inputs",
        "inputs_array",
        "string_array",
        [{}],
        "only available for type inputs_array inputs.",
    ),
]


def _response(model: dict[str, Any]) -> dict[str, Any]:
    return {"model": model}


def _input_model(model: dict[str, Any], **fields: Any) -> dict[str, Any]:
    model["inputs"] = [{"name": "n", **fields}]
    return model


def _found(report: ss.Report) -> list[tuple[str, str, str]]:
    return [(issue.path, issue.code, issue.severity) for issue in report.issues]


def _everywhere(model: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    """The model gives exactly ``expected`` in validate and load, both modes, both revisions."""
    for revision in REVISIONS:
        for mode in MODES:
            report = validate(model, "model", mode=mode, revision=revision)
            assert _found(report) == expected, (mode, revision)
            load(ss.Model, model, mode=mode, revision=revision)  # warnings only: loads
            broken = {**model, "custom": "yes"}  # with an error, load lists every issue
            with pytest.raises(ss.ContractError) as caught:
                load(ss.Model, broken, mode=mode, revision=revision)
            found = [(i.path, i.code, i.severity) for i in caught.value.issues]
            assert [issue for issue in found if issue[0] != "/custom"] == expected


def _plain(text: str) -> str:
    return " ".join(text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")).split())


def test_the_quoted_sentences_are_the_pages() -> None:
    """Each rule's quote is a sentence of the page (the durations': of SDK 2.4.0)."""
    page = _plain(PAGE.read_text(encoding="utf-8"))
    for rules in RULES.values():
        for rule in rules:
            if rule.field not in {"maxDuration", "minDuration"}:
                assert _plain(rule.quote) in page, rule.field
    for *_, quote in INPUT_RULES:
        assert _plain(quote) in page, quote


@pytest.mark.parametrize(("name", "applies", "other", "value", "quote"), INPUT_RULES)
def test_an_input_field_on_another_input_type_is_not_applicable(
    model: dict[str, Any], name: str, applies: str, other: str, value: Any, quote: str
) -> None:
    extra = {"kind": "image"} if applies.startswith("file") and name != "kind" else {}
    _everywhere(_input_model(copy.deepcopy(model), type=applies, **{name: value}, **extra), [])
    _everywhere(
        _input_model(copy.deepcopy(model), type=other, **{name: value}),
        [(f"/inputs/0/{name}", "not-applicable", "warning")],
    )


def test_background_behavior_needs_a_file_input_of_kind_image(model: dict[str, Any]) -> None:
    """ "Only available for `file` and `file_array` input types with kind `image`." """
    for kind in ("image", None):
        fields = {"type": "file", "backgroundBehavior": "opaque"}
        if kind is not None:
            fields["kind"] = kind
        expected = [] if kind else [("/inputs/0/backgroundBehavior", "not-applicable", "warning")]
        _everywhere(_input_model(copy.deepcopy(model), **fields), expected)
    audio = _input_model(
        copy.deepcopy(model), type="file_array", kind="audio", backgroundBehavior="opaque"
    )
    _everywhere(audio, [("/inputs/0/backgroundBehavior", "not-applicable", "warning")])
    number = _input_model(copy.deepcopy(model), type="number", backgroundBehavior="opaque")
    _everywhere(number, [("/inputs/0/backgroundBehavior", "not-applicable", "warning")])


@pytest.mark.parametrize("name", ["maxDuration", "minDuration"])
def test_durations_are_for_file_inputs_under_sdk_2_4(model: dict[str, Any], name: str) -> None:
    """SDK 2.4.0: "only applies to `file` and `file_array` input types"."""
    on_file = _input_model(copy.deepcopy(model), type="file", **{name: 5})
    assert validate(on_file, "model", revision="sdk-2.4").issues == ()
    on_string = _input_model(copy.deepcopy(model), type="string", **{name: 5})
    report = validate(on_string, "model", revision="sdk-2.4")
    assert _found(report) == [(f"/inputs/0/{name}", "not-applicable", "warning")]
    # Under the page the field is undocumented: that is the one issue.
    assert [i.code for i in validate(on_string, "model").issues] == ["unknown-field"]


def test_a_rule_is_not_checked_when_the_input_type_itself_is_refused(
    model: dict[str, Any],
) -> None:
    broken = _input_model(copy.deepcopy(model), type="hologram", step=1, color=True)
    strict = validate(broken, "model")
    assert _found(strict) == [("/inputs/0/type", "enum", "error")]
    lenient = validate(broken, "model", mode="lenient")
    assert _found(lenient) == [("/inputs/0/type", "unknown-enum", "warning")]


def test_a_field_refused_for_its_value_is_not_also_not_applicable(model: dict[str, Any]) -> None:
    broken = _input_model(copy.deepcopy(model), type="string", step="one")
    assert _found(validate(broken, "model")) == [("/inputs/0/step", "type", "error")]


# --- Model ------------------------------------------------------------------------------


def test_concepts_are_required_for_composition_models(model: dict[str, Any]) -> None:
    """ "The concepts is required for the type model: composition" """
    del model["inputs"]  # "Only used for custom models"
    for model_type in ("flux.1-composition", "sd-xl-composition"):
        without = {**{k: v for k, v in model.items() if k != "concepts"}, "type": model_type}
        report = validate(without, "model", mode="lenient")
        assert _found(report) == [("/concepts", "required-for-type", "warning")]
        with_concepts = {**without, "concepts": [{"modelId": "m", "scale": 1}]}
        assert validate(with_concepts, "model").issues == ()


@pytest.mark.parametrize("name", ["epoch", "epochs"])
def test_epochs_are_for_flux_lora_trained_models(model: dict[str, Any], name: str) -> None:
    """ "Only available for Flux Lora Trained models" """
    del model["inputs"]
    del model["concepts"][0]["modelEpoch"]
    value = "000001" if name == "epoch" else []
    for model_type in ("flux.1-lora", "flux.1-kontext-lora", "flux.2-dev-lora"):
        _everywhere({**model, "type": model_type, name: value}, [])
    for model_type in ("custom", "sd-1_5-lora", "zimage-lora", "flux.1-composition"):
        if model_type == "sd-1_5-lora":  # gone in sdk-2.4: checked under the page only
            report = validate({**model, "type": model_type, name: value}, "model")
            assert _found(report) == [(f"/{name}", "not-applicable", "warning")]
            continue
        expected = [(f"/{name}", "not-applicable", "warning")]
        _everywhere({**model, "type": model_type, name: value}, expected)


def test_model_epoch_of_a_concept_is_not_for_sd_models(model: dict[str, Any]) -> None:
    """concepts[].modelEpoch: "Only available for Flux Lora Trained models" """
    del model["inputs"]
    model["concepts"] = [
        {"modelId": "a", "scale": 1},
        {"modelId": "b", "scale": 1, "modelEpoch": "2"},
    ]
    report = validate({**model, "type": "sd-xl-composition"}, "model")
    assert _found(report) == [("/concepts/1/modelEpoch", "not-applicable", "warning")]
    _everywhere({**model, "type": "flux.1-composition"}, [])


def test_inputs_are_only_used_for_custom_models(model: dict[str, Any]) -> None:
    """ "Only used for custom models." """
    assert model["type"] == "custom"
    del model["inputs"][0]["required"]["conditionalValues"]  # not documented in sdk-2.4
    _everywhere(model, [])
    _everywhere({**model, "type": "flux.1"}, [("/inputs", "not-applicable", "warning")])
