"""The classes: frozen, slotted, keyword-only, checked when built by hand, credentials hidden."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest

import scenario_schema as ss


def test_classes_are_frozen() -> None:
    params = ss.ModelParameters(rank=16)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        params.rank = 32  # type: ignore[misc]


def test_classes_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        ss.TrainActionParams("cancel")  # type: ignore[call-arg, arg-type]


def test_construction_checks_every_field_and_reports_all() -> None:
    with pytest.raises(ss.ContractError) as caught:
        ss.ModelParameters(rank=500, batch_size=0, seed=math.nan, lr_scheduler="fast")  # type: ignore[arg-type]
    assert [(i.path, i.code) for i in caught.value.issues] == [
        ("/batchSize", "minimum"),
        ("/lrScheduler", "enum"),
        ("/rank", "maximum"),
        ("/seed", "not-finite"),
    ]


def test_construction_checks_types_and_nesting() -> None:
    with pytest.raises(ss.ContractError) as caught:
        ss.ModelEpoch(epoch=3, assets=[{"assetId": "a", "url": "u"}])  # type: ignore[arg-type, list-item]
    assert [(i.path, i.code) for i in caught.value.issues] == [
        ("/epoch", "type"),
        ("/assets/0", "type"),
    ]


def test_construction_refuses_null_in_a_required_field() -> None:
    with pytest.raises(ss.ContractError):
        ss.ModelThumbnail(asset_id=None, url="u")  # type: ignore[arg-type]


def test_construction_refuses_a_documented_name_in_extra() -> None:
    with pytest.raises(ss.ContractError):
        ss.TrainActionParams(action="cancel", extra={"action": "cancel"})


def test_a_field_of_some_revisions_may_be_extra_unless_its_attribute_is_set() -> None:
    """`originalAssets` is undocumented under sdk-2.4, so loading there keeps it in extra."""
    loaded = ss.load(
        ss.TrainActionParams, {"action": "cancel", "originalAssets": True}, revision="sdk-2.4"
    )
    assert loaded.extra == {"originalAssets": True}
    assert attrs.evolve(loaded, action="cancel") == loaded
    with pytest.raises(ss.ContractError, match="documented field cannot be extra"):
        attrs.evolve(loaded, original_assets=False)


def test_wandb_key_never_appears_in_repr_or_str(parameters: dict[str, Any]) -> None:
    secret = "wandb-0123456789abcdef"
    parameters["wandbKey"] = secret
    loaded = ss.load(ss.ModelParameters, parameters)
    assert loaded.wandb_key == secret
    assert secret not in repr(loaded)
    assert secret not in str(loaded)
    assert "wandb_key='<redacted>'" in repr(loaded)
    assert "wandb_key=None" in repr(ss.ModelParameters())


def test_wandb_key_never_appears_in_messages(parameters: dict[str, Any]) -> None:
    secret = "wandb-" + "s" * 60
    parameters["wandbKey"] = secret
    report = ss.validate(parameters, "model-parameters", check_formats=True)
    assert [i.code for i in report.issues] == ["maxLength"]
    assert all("sss" not in issue.message for issue in report.issues)
    parameters["wandbKey"] = 12345678
    (issue,) = ss.validate(parameters, "model-parameters").issues
    assert "12345678" not in issue.message
    with pytest.raises(ss.ContractError) as caught:
        ss.ModelParameters(wandb_key=secret)
    assert "sss" not in str(caught.value)


def test_extra_repr_shows_keys_not_values() -> None:
    params = ss.TrainActionParams(action="cancel", extra={"token": "hunter2"})
    assert "hunter2" not in repr(params)
    assert "'token'" in repr(params)


def test_equality_is_by_value(response: dict[str, Any]) -> None:
    first = ss.load(ss.TrainActionResponse, response)
    second = ss.load(ss.TrainActionResponse, response)
    assert first == second
    assert first is not second


def test_construction_warns_nothing_but_refuses_nothing_for_a_conflict() -> None:
    """A conflict is a warning: constructing both position and after is allowed."""
    trigger = ss.ModelUiConfigTriggerGenerate(label="Go", after="prompt", position="top")
    assert trigger.after == "prompt"


HUGE = 10**5000  # past Python's 4300-digit limit for turning an int into text


def test_repr_works_for_a_5000_digit_integer_anywhere(model: dict[str, Any]) -> None:
    model["trainingImagesNumber"] = HUGE
    model["inputs"][0]["default"] = {"deep": [HUGE, {"x": HUGE}]}
    model["inputs"][0]["max"] = -HUGE
    model["uiConfig"]["selects"] = {"size": HUGE}
    model["undocumented"] = [HUGE]
    loaded = ss.load(ss.Model, model, mode="lenient")
    for text in (repr(loaded), str(loaded)):
        assert "training_images_number=<an integer of about 5000 digits>" in text
        assert "default={'deep': [<an integer of about 5000 digits>, {'x': <an integer" in text
        assert "'undocumented': ..." in text
    assert ss.dump(loaded) == model


def test_repr_is_what_attrs_would_write_for_ordinary_values() -> None:
    params = ss.ModelParameters(rank=16, sample_prompts=["a cat"], extra={"x": 1})
    assert repr(params).startswith("ModelParameters(extra={'x': ...}, age=None,")
    assert "rank=16," in repr(params)
    assert "sample_prompts=['a cat']," in repr(params)
