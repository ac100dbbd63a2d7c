"""load() and dump(): camelCase on the wire, snake_case in Python, a lossless round trip."""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import attrs
import cattrs
import pytest

import scenario_schema as ss
from scenario_schema.models import Contract
from tests.conftest import PAGE_EXAMPLE, canonical
from tests.reference_converter import converter

validate = functools.partial(ss.validate, revision="page")
"""This module tests the page's rules: its checks name the page (the default is latest)."""

_C = TypeVar("_C", bound=Contract)


def load(cls: type[_C], payload: Any, **options: Any) -> _C:
    """``ss.load`` under the page's revision."""
    return ss.load(cls, payload, revision="page", **options)


def test_load_builds_typed_objects(response: dict[str, Any]) -> None:
    loaded = load(ss.TrainActionResponse, response)
    model = loaded.model
    assert isinstance(model, ss.Model)
    assert isinstance(model.class_, ss.ModelClass)
    assert model.class_.concept_prompt == "conceptPrompt"
    assert isinstance(model.inputs, list)
    assert isinstance(model.inputs[0].required, ss.ModelInputRequired)
    assert model.parameters is not None
    assert model.parameters.num_u_net_train_steps == 0
    assert model.performance_stats is not None
    assert model.performance_stats.variants[0].cost_per_asset_max_cu == 0
    assert model.ui_config is not None
    assert model.ui_config.input_properties == {
        "foo": ss.ModelUiConfigInputProperties(collapsed=True)
    }


def test_round_trip_of_the_page_example_is_lossless(mode: Any) -> None:
    loaded = load(ss.TrainActionResponse, PAGE_EXAMPLE, mode=mode)
    assert canonical(ss.dump(loaded)) == canonical(PAGE_EXAMPLE)


def test_dump_uses_the_irregular_wire_names(response: dict[str, Any]) -> None:
    dumped = ss.dump(load(ss.TrainActionResponse, response))
    model = dumped["model"]
    assert "class" in model
    assert "numUNetTrainSteps" in model["parameters"]
    variant = model["performanceStats"]["variants"][0]
    assert {"costPerAssetMaxCU", "costPerAssetMinCU", "costPerAssetP50CU"} <= set(variant)
    assert "inferenceLatencyP50Sec" in variant


def test_integers_stay_integers_and_floats_stay_floats(parameters: dict[str, Any]) -> None:
    parameters.update(rank=16, learningRate=0.0001, maxTrainSteps=1000.0)
    loaded = load(ss.ModelParameters, parameters)
    assert type(loaded.rank) is int
    assert type(loaded.max_train_steps) is float
    dumped = ss.dump(loaded)
    assert type(dumped["rank"]) is int
    assert type(dumped["maxTrainSteps"]) is float
    assert canonical(dumped) == canonical(parameters)


def test_explicit_null_stays_null_and_absent_stays_absent(model: dict[str, Any]) -> None:
    model["authorId"] = None
    model["class"] = None
    del model["userId"]
    dumped = ss.dump(load(ss.Model, model))
    assert dumped["authorId"] is None
    assert dumped["class"] is None
    assert "userId" not in dumped
    assert canonical(dumped) == canonical(model)


def test_undocumented_fields_are_kept_and_given_back(model: dict[str, Any], mode: Any) -> None:
    model["futureField"] = {"nested": [1, 2.5, None]}
    model["parameters"]["max_train_steps"] = 5
    model["inputs"][0]["newHint"] = "x"
    loaded = load(ss.Model, model, mode=mode)
    assert loaded.extra == {"futureField": {"nested": [1, 2.5, None]}}
    assert loaded.parameters is not None
    assert loaded.parameters.extra == {"max_train_steps": 5}
    assert loaded.parameters.max_train_steps == 0
    assert canonical(ss.dump(loaded)) == canonical(model)


def test_lenient_load_keeps_undocumented_enum_values(model: dict[str, Any]) -> None:
    model["status"] = "archived"
    model["accessRestrictions"] = 60
    model["capabilities"] = ["txt2img", "txt2hologram"]
    loaded = load(ss.Model, model, mode="lenient")
    # Lenient loads hold values outside the Literal types: compare them as strings.
    assert str(loaded.status) == "archived"
    assert loaded.access_restrictions in {60}
    assert canonical(ss.dump(loaded)) == canonical(model)


def test_strict_load_refuses_undocumented_enum_values(model: dict[str, Any]) -> None:
    model["status"] = "archived"
    with pytest.raises(ss.ContractError) as caught:
        load(ss.Model, model)
    assert [(i.path, i.code) for i in caught.value.issues] == [("/status", "enum")]


def test_load_raises_with_every_issue_not_the_first(model: dict[str, Any]) -> None:
    del model["id"]
    model["parameters"]["rank"] = 0
    model["parameters"]["seed"] = -1
    model["inputs"][0]["type"] = "hologram"
    model["extraField"] = 1
    with pytest.raises(ss.ContractError) as caught:
        load(ss.Model, model)
    error = caught.value
    assert isinstance(error, ValueError)
    assert [(i.path, i.code) for i in error.issues] == [
        ("/id", "required"),
        ("/inputs/0/type", "enum"),
        ("/parameters/rank", "minimum"),
        ("/parameters/seed", "minimum"),
        ("/extraField", "unknown-field"),
    ]
    assert str(error).startswith("4 contract errors")


def test_load_accepts_a_schema_class_only(model: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        load(dict, model)  # type: ignore[type-var]


def test_dump_refuses_what_is_not_a_contract_object() -> None:
    with pytest.raises(TypeError, match="dump"):
        ss.dump({"action": "cancel"})  # type: ignore[arg-type]


def test_dump_of_a_hand_built_object_omits_unset_fields() -> None:
    params = ss.ModelParameters(rank=16, sample_prompts=["a cat"])
    assert ss.dump(params) == {"rank": 16, "samplePrompts": ["a cat"]}
    assert ss.dump(ss.TrainActionParams(action="cancel", original_assets=True)) == {
        "action": "cancel",
        "originalAssets": True,
    }


def test_dump_of_extra_given_by_hand() -> None:
    params = ss.TrainActionParams(action="cancel", extra={"projectId": "p1"})
    assert ss.dump(params) == {"action": "cancel", "projectId": "p1"}


def test_load_does_not_run_construction_checks_twice(model: dict[str, Any]) -> None:
    """Lenient loads keep values the constructor would refuse; load still succeeds."""
    model["type"] = "flux.3-lora"
    loaded = load(ss.Model, model, mode="lenient")
    assert str(loaded.type) == "flux.3-lora"
    with pytest.raises(ss.ContractError):
        attrs.evolve(loaded, name="renamed")


# --- the converter's own hooks: strict, never coercing --------------------------------


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (float, [1, 1.5, -0.0], [True, "1.5", None, float("nan"), float("inf")]),
        (int, [1, -3, 2**70], [True, 1.0, "1", None]),
        (str, ["", "x"], [1, None, b"x", True]),
        (bool, [True, False], [1, 0, "false", None]),
    ],
)
def test_primitive_structure_hooks_never_coerce(
    kind: type, good: list[Any], bad: list[Any]
) -> None:
    for value in good:
        result: Any = converter.structure(value, kind)
        assert result is value or result == value
        assert type(result) is type(value)
    for value in bad:
        with pytest.raises((TypeError, cattrs.BaseValidationError)):
            converter.structure(value, kind)


def test_converter_is_not_cattrs_global_converter() -> None:
    assert converter is not cattrs.global_converter
    # The global converter knows nothing of our wire names.
    assert "classPrompt" not in cattrs.unstructure(ss.ModelParameters(class_prompt="x"))
