"""The number of training images: an argument out of range is an error, a bad field an issue."""

from __future__ import annotations

import math
from typing import Any

import pytest

from scenario_schema.training import check_model_training, check_training_parameters

MOST = 2**53


def _model(images: Any) -> dict[str, Any]:
    return {"id": "m", "type": "flux.1-lora", "trainingImagesNumber": images, "parameters": {}}


@pytest.mark.parametrize(
    "images", [10**400, -5, -1, 2.5, math.inf, -math.inf, math.nan, 1e308, MOST + 1]
)
def test_an_out_of_range_training_images_argument_is_a_value_error(images: Any) -> None:
    with pytest.raises(
        ValueError, match=f"training_images must be a whole number from 0 to {MOST}"
    ):
        check_training_parameters({}, "flux.1-lora", training_images=images)
    with pytest.raises(ValueError, match="training_images must be a whole number"):
        check_model_training(_model(3), training_images=images)


@pytest.mark.parametrize("images", [True, "12", None.__class__, [12]])
def test_a_training_images_argument_that_is_not_a_number_is_a_type_error(images: Any) -> None:
    with pytest.raises(TypeError, match="training_images must be a whole number, not"):
        check_training_parameters({}, "flux.1-lora", training_images=images)


@pytest.mark.parametrize("images", [0, 12, 12.0, MOST])
def test_a_whole_training_images_argument_gives_the_default_step_count(images: Any) -> None:
    report = check_training_parameters({}, "flux.1-lora", training_images=images)
    assert report.effective["maxTrainSteps"].value == round(int(images) * 100)


@pytest.mark.parametrize(
    ("images", "code", "message"),
    [
        (math.inf, "not-finite", "expected a finite number, got inf"),
        (math.nan, "not-finite", "expected a finite number, got nan"),
        (1e308, "maximum", f"1e+308 is greater than the maximum of {MOST}"),
        (MOST + 1, "maximum", f"{MOST + 1} is greater than the maximum of {MOST}"),
        (
            10**400,
            "maximum",
            f"an integer of about 400 digits is greater than the maximum of {MOST}",
        ),
        (-5, "minimum", "-5 is less than the minimum of 0"),
        ("12", "type", "expected a number, got string ('12')"),
        (True, "type", "expected a number, got boolean (true)"),
    ],
)
def test_a_bad_training_images_number_in_a_document_is_an_error_at_its_path(
    images: Any, code: str, message: str
) -> None:
    report = check_model_training({"model": _model(images)})
    assert [(i.path, i.code, i.message, i.severity) for i in report.issues] == [
        ("/model/trainingImagesNumber", code, message, "error")
    ]
    assert report.effective["maxTrainSteps"].value is None


@pytest.mark.parametrize(("strict", "severity"), [(False, "warning"), (True, "error")])
def test_a_fractional_training_images_number_is_an_integer_issue(
    strict: bool, severity: str
) -> None:
    report = check_model_training(_model(2.5), strict=strict)
    assert [(i.path, i.code, i.severity) for i in report.issues] == [
        ("/trainingImagesNumber", "integer", severity)
    ]
    assert report.effective["maxTrainSteps"].value is None


def test_a_negative_training_images_number_gives_no_negative_default() -> None:
    report = check_model_training(_model(-5))
    assert not report.ok
    assert report.effective["maxTrainSteps"].value is None


def test_the_argument_overrides_the_document_but_a_bad_field_is_still_reported() -> None:
    report = check_model_training(_model(-5), training_images=4)
    assert report.effective["maxTrainSteps"].value == 400
    assert [i.code for i in report.issues] == ["minimum"]
