"""The training guide's trainers (FLUX.2, Qwen Image, Z-Image): its table, under both revisions.

Source: Scenario's training guide (its parameter table, training images, edit types)
and the observed ``conceptPrompt`` limit, as ``docs/spec-notes.md`` records them
("The training guide's trainers (Musubi, Musubi edit)").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import scenario_schema as ss
from scenario_schema._revisions import Revision
from scenario_schema.cli import main
from scenario_schema.training import DEFAULT_POLICY

GUIDE_TYPES = (
    "flux.2-dev-lora",
    "flux.2-dev-edit-lora",
    "flux.2-klein-4b-lora",
    "flux.2-klein-4b-edit-lora",
    "flux.2-klein-9b-lora",
    "flux.2-klein-9b-edit-lora",
    "flux.2-klein-base-4b-lora",
    "flux.2-klein-base-4b-edit-lora",
    "flux.2-klein-base-9b-lora",
    "flux.2-klein-base-9b-edit-lora",
    "qwen-image-lora",
    "qwen-image-2512-lora",
    "qwen-image-edit-lora",
    "qwen-image-edit-2509-lora",
    "qwen-image-edit-2511-lora",
    "zimage-lora",
    "zimage-turbo-lora",
    "zimage-de-turbo-lora",
)
EDIT_TYPES = tuple(t for t in GUIDE_TYPES if "-edit" in t)
REVISIONS: tuple[Revision, ...] = ("page", "sdk-2.4")

# The guide's table: every parameter it lists, at its default (seed: its trigger example).
GUIDE_DEFAULTS = {
    "learningRate": 0.00005,
    "rank": 64,
    "batchSize": 1,
    "nbEpochs": 10,
    "nbRepeats": 20,
}
PROMPTS = ["a cat", "a dog", "a bird", "a fish"]  # "up to 4 prompts"


def _table(model_type: str) -> dict[str, Any]:
    table: dict[str, Any] = {"seed": 42, **GUIDE_DEFAULTS, "samplePrompts": PROMPTS}
    if model_type in EDIT_TYPES:  # "edit models only"
        table["sampleSourceImages"] = [f"asset_{i}" for i in range(len(PROMPTS))]
    return table


def _issues(report: ss.Report) -> list[tuple[str, str, str]]:
    return [(issue.path, issue.code, issue.severity) for issue in report.issues]


def test_the_guide_covers_eighteen_types_of_which_eight_are_edit_types() -> None:
    assert len(GUIDE_TYPES) == 18
    assert len(EDIT_TYPES) == 8
    families = {DEFAULT_POLICY.families[t] for t in GUIDE_TYPES}
    assert families == {"musubi", "musubi-edit"}
    assert {t for t in GUIDE_TYPES if DEFAULT_POLICY.families[t] == "musubi-edit"} == set(
        EDIT_TYPES
    )


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize("model_type", GUIDE_TYPES)
def test_the_guides_parameter_table_passes_in_strict_mode(
    model_type: str, revision: Revision
) -> None:
    """No `not-applicable` for a parameter the guide lists; the given values are used."""
    table = _table(model_type)
    report = ss.check_training_parameters(
        table, model_type, training_images=10, strict=True, revision=revision
    )
    assert report.issues == ()
    assert report.revision == revision
    for name, value in table.items():
        assert report.effective[name].value == value
        assert report.effective[name].source == "given"


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize("model_type", GUIDE_TYPES)
def test_the_guides_defaults_are_the_effective_values(model_type: str, revision: Revision) -> None:
    report = ss.check_training_parameters({}, model_type, training_images=10, revision=revision)
    assert report.issues == ()
    assert {name: report.effective[name].value for name in GUIDE_DEFAULTS} == GUIDE_DEFAULTS
    assert report.defaults == set(GUIDE_DEFAULTS)
    # No source gives these trainers a maxTrainSteps default: none is made up.
    assert "maxTrainSteps" not in report.effective


# Every out-of-range variant of the table: (parameter, value, code), for both revisions.
OUT_OF_RANGE = [
    ("learningRate", 0.000009, "minimum"),
    ("learningRate", 0.0011, "maximum"),
    ("rank", 1, "minimum"),
    ("rank", 129, "maximum"),
    ("batchSize", 0, "minimum"),
    ("batchSize", 9, "maximum"),
    ("nbEpochs", 0, "minimum"),
    ("nbEpochs", 101, "maximum"),
    ("nbRepeats", 0, "minimum"),
    ("nbRepeats", 101, "maximum"),
    ("samplePrompts", [*PROMPTS, "a fifth"], "max-items"),
]


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize(("name", "value", "code"), OUT_OF_RANGE)
@pytest.mark.parametrize("model_type", GUIDE_TYPES)
def test_every_out_of_range_value_is_one_error_at_its_pointer(
    model_type: str, name: str, value: Any, code: str, revision: Revision
) -> None:
    table = {**_table(model_type), name: value}
    table.pop("sampleSourceImages", None)  # not paired with a fifth prompt
    report = ss.check_training_parameters(table, model_type, training_images=10, revision=revision)
    assert _issues(report) == [(f"/{name}", code, "error")]


# Inside the guide's limits, outside the page's general bound lines: errors under `page` only.
PAGE_BOUND_LINES = [("batchSize", 8), ("batchSize", 5), ("nbEpochs", 100), ("nbRepeats", 31)]


@pytest.mark.parametrize(("name", "value"), PAGE_BOUND_LINES)
@pytest.mark.parametrize("model_type", GUIDE_TYPES)
def test_the_pages_general_bounds_apply_on_top_under_page_only(
    model_type: str, name: str, value: int
) -> None:
    table = {**_table(model_type), name: value}
    page = ss.check_training_parameters(table, model_type, training_images=10, revision="page")
    assert _issues(page) == [(f"/{name}", "maximum", "error")]
    latest = ss.check_training_parameters(table, model_type, training_images=10, revision="latest")
    assert latest.issues == ()


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize("model_type", [t for t in GUIDE_TYPES if t not in EDIT_TYPES])
def test_sample_source_images_is_for_edit_types_only(model_type: str, revision: Revision) -> None:
    table = {"samplePrompts": ["a"], "sampleSourceImages": ["asset_1"]}
    report = ss.check_training_parameters(table, model_type, revision=revision)
    assert _issues(report) == [("/sampleSourceImages", "not-applicable", "warning")]
    assert "sampleSourceImages" not in report.effective


@pytest.mark.parametrize("revision", REVISIONS)
def test_flux_1_lora_keeps_the_pages_limits(revision: Revision) -> None:
    for name, value in [("batchSize", 5), ("nbEpochs", 31), ("nbRepeats", 31), ("rank", 65)]:
        report = ss.check_training_parameters({name: value}, "flux.1-lora", revision=revision)
        assert _issues(report) == [(f"/{name}", "maximum", "error")], name


# --- training images --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_type", "images", "severity"),
    [
        ("zimage-lora", 51, "error"),  # "maximum 50"
        ("flux.2-dev-edit-lora", 51, "error"),
        ("flux.2-dev-edit-lora", 1, "error"),  # "edit models need at least 2 pairs"
        ("qwen-image-edit-2509-lora", 0, "error"),
        ("zimage-lora", 1, "warning"),  # "recommended 5-15"
        ("zimage-lora", 4, "warning"),
        ("qwen-image-edit-lora", 2, "warning"),
        ("flux.2-klein-4b-lora", 16, "warning"),
        ("flux.2-klein-4b-lora", 50, "warning"),
    ],
)
@pytest.mark.parametrize("revision", REVISIONS)
def test_training_images_against_the_guide(
    model_type: str, images: int, severity: str, revision: Revision
) -> None:
    report = ss.check_training_parameters({}, model_type, training_images=images, revision=revision)
    assert _issues(report) == [("", "training-images", severity)]
    model = {"id": "m", "type": model_type, "trainingImagesNumber": images}
    document = ss.check_model_training({"model": model}, revision=revision)
    assert _issues(document) == [("/model/trainingImagesNumber", "training-images", severity)]


@pytest.mark.parametrize("images", [5, 10, 15])
@pytest.mark.parametrize("model_type", GUIDE_TYPES)
def test_a_recommended_number_of_training_images_is_quiet(model_type: str, images: int) -> None:
    report = ss.check_training_parameters({}, model_type, training_images=images)
    assert report.issues == ()


def test_the_training_images_argument_overrides_the_documents_count_at_its_pointer() -> None:
    model = {"id": "m", "type": "zimage-lora", "trainingImagesNumber": 10}
    report = ss.check_model_training(model, training_images=60)
    assert _issues(report) == [("/trainingImagesNumber", "training-images", "error")]
    assert "at most 50" in report.issues[0].message


def test_trainers_with_no_documented_image_rule_take_any_count() -> None:
    for model_type in ("flux.1-lora", "sd-xl-lora", "elevenlabs-voice"):
        report = ss.check_training_parameters({}, model_type, training_images=200, revision="page")
        assert "training-images" not in {issue.code for issue in report.issues}


@pytest.mark.parametrize("images", ["-1", "2.5"])
def test_cli_refuses_a_bad_training_images_count(
    images: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "params.json"
    path.write_text("{}")
    argv = ["check-params", "--model-type", "zimage-lora", "--training-images", images, str(path)]
    status: object
    try:
        status = main(argv)
    except SystemExit as exit_info:  # argparse refuses a value that is not an integer
        status = exit_info.code
    assert status == 2
    assert "--training-images" in capsys.readouterr().err


# --- sdk-2.4: legacy SD parameters, SD types gone ---------------------------------------

SD_PARAMETERS = sorted(DEFAULT_POLICY.legacy["sdk-2.4"])


def test_the_legacy_parameters_are_the_fourteen_the_sdk_names() -> None:
    assert SD_PARAMETERS == [
        "classPrompt", "learningRateUnet", "lrScheduler", "numTextTrainSteps",
        "numUNetTrainSteps", "priorLossWeight", "randomCrop", "randomCropRatio",
        "randomCropScale", "scaleLr", "seed", "textEncoderTrainingRatio",
        "validationFrequency", "validationPrompt",
    ]  # fmt: skip


_LEGACY_SAMPLES: dict[str, Any] = {
    "classPrompt": "dog",
    "learningRateUnet": 0.0001,
    "lrScheduler": "constant",
    "numTextTrainSteps": 10,
    "numUNetTrainSteps": 10,
    "priorLossWeight": 1,
    "randomCrop": True,
    "randomCropRatio": 0.5,
    "randomCropScale": 0.5,
    "scaleLr": False,
    "seed": 1,
    "textEncoderTrainingRatio": 0.5,
    "validationFrequency": 1,
    "validationPrompt": "a dog",
}


@pytest.mark.parametrize("name", SD_PARAMETERS)
@pytest.mark.parametrize("model_type", ["flux.1-lora", "elevenlabs-voice", "zimage-lora"])
def test_under_sdk_2_4_an_sd_parameter_is_deprecated_for_every_type(
    model_type: str, name: str
) -> None:
    report = ss.check_training_parameters(
        {name: _LEGACY_SAMPLES[name]}, model_type, strict=True, revision="sdk-2.4"
    )
    if name == "seed" and model_type == "zimage-lora":
        # The guide lists seed for its trainers (its trigger example sends only seed).
        assert report.issues == ()
        return
    assert _issues(report) == [(f"/{name}", "deprecated", "warning")]
    assert "deprecated legacy training parameter" in report.issues[0].message


@pytest.mark.parametrize("model_type", ["sd-1_5", "sd-1_5-lora", "sd-xl", "sd-xl-lora"])
def test_under_sdk_2_4_the_sd_types_do_not_exist(model_type: str) -> None:
    with pytest.raises(
        ValueError, match=r"does not exist in revision 'sdk-2.4'.*documented in page"
    ):
        ss.check_training_parameters({}, model_type, revision="sdk-2.4")
    report = ss.check_model_training({"id": "m", "type": model_type}, revision="sdk-2.4")
    assert _issues(report) == [("/type", "unknown-model-type", "warning")]
    assert "page" in report.issues[0].message


def test_cli_check_params_takes_a_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"batchSize": 8}))
    argv = ["check-params", "--model-type", "zimage-lora", "--format", "json", str(path)]
    assert main([*argv[:1], "--revision", "page", *argv[1:]]) == 1
    assert json.loads(capsys.readouterr().out)["revision"] == "page"
    assert main(argv) == 0  # the default is latest
    assert "revision" not in json.loads(capsys.readouterr().out)
    assert main([*argv[:1], "--revision", "sdk-2.4", *argv[1:]]) == 0
    assert json.loads(capsys.readouterr().out)["revision"] == "sdk-2.4"
    argv = ["check-params", "--revision", "sdk-2.4", "--model-type", "sd-xl-lora", str(path)]
    assert main(argv) == 2
    assert "does not exist in revision 'sdk-2.4'" in capsys.readouterr().err


# --- the step count, the observed conceptPrompt limit -----------------------------------


@pytest.mark.parametrize("model_type", ["zimage-lora", "qwen-image-edit-lora"])
def test_no_step_count_is_made_up_for_the_guides_trainers(model_type: str) -> None:
    report = ss.check_training_parameters({"nbEpochs": 4}, model_type, training_images=10)
    for name in ("nbEpochs", "nbRepeats"):
        assert "no source says how" in report.effective[name].note
    assert "maxTrainSteps" not in report.effective


def test_a_flux_lora_step_default_is_not_presented_as_the_step_count_with_epochs() -> None:
    plain = ss.check_training_parameters({}, "flux.1-lora", training_images=10)
    assert plain.effective["maxTrainSteps"].note == "10 x 100"
    with_epochs = ss.check_training_parameters({"nbRepeats": 3}, "flux.1-lora", training_images=10)
    note = with_epochs.effective["maxTrainSteps"].note
    assert note.startswith("10 x 100; ")
    assert "not known to be the job's step count" in note
    assert "no source says how" in with_epochs.effective["nbRepeats"].note


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize("model_type", GUIDE_TYPES)
def test_a_long_concept_prompt_is_an_observed_limit_warning(
    model_type: str, revision: Revision
) -> None:
    report = ss.check_training_parameters(
        {"conceptPrompt": "x" * 25}, model_type, strict=True, revision=revision
    )
    assert _issues(report) == [("/conceptPrompt", "observed-limit", "warning")]
    assert "observed (not documented)" in report.issues[0].message
    quiet = ss.check_training_parameters({"conceptPrompt": "x" * 20}, model_type)
    assert quiet.issues == ()


def test_the_observed_limit_is_only_for_the_guides_trainers() -> None:
    report = ss.check_training_parameters({"conceptPrompt": "x" * 25}, "flux.1-lora")
    assert report.issues == ()


# --- parameters: age and gender are "for professional cloning" -------------------------


@pytest.mark.parametrize("name", ["age", "gender"])
def test_age_and_gender_with_an_instant_clone_are_not_applicable(name: str) -> None:
    """Page: "Age group of the voice (for professional cloning)", "Gender of the voice
    (for professional cloning)"."""
    instant = ss.check_training_parameters({name: "x", "cloneType": "instant"}, "elevenlabs-voice")
    assert _issues(instant) == [(f"/{name}", "not-applicable", "warning")]
    for clone_type in ("professional", None):
        report = ss.check_training_parameters(
            {name: "x", "cloneType": clone_type}, "elevenlabs-voice"
        )
        assert report.issues == ()
