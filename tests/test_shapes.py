"""--schema auto: the four shapes told apart, and documents it cannot tell said so."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from scenario_schema._shapes import Unrecognised, _parameter_typo, detect_schema
from scenario_schema.batch import validate_lines
from scenario_schema.cli import main
from scenario_schema.cli._batch import check_text, totals
from tests.conftest import PAGE_EXAMPLE, ROOT

EXAMPLES = ROOT / "examples"
TYPO = {"rank": 16, "maxTrainStep": 1000, "learningrate": 0.5}


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        (PAGE_EXAMPLE, "train-action-response"),
        (PAGE_EXAMPLE["model"], "model"),
        ({"action": "cancel"}, "train-action-params"),
        ({"action": "cancel", "projectId": "proj_1"}, "train-action-params"),
        ({"action": 3}, "train-action-params"),  # the shape, with a wrong value: invalid
        ({"rank": 16, "maxTrainSteps": 1000}, "model-parameters"),
        (TYPO, "model-parameters"),  # likely typos of documented names count
        ({"learning_rate": 0.5}, "model-parameters"),
        ({"capabilities": ["txt2img"], "type": "flux.1", "status": "new"}, "model"),
    ],
)
def test_each_shape_is_told_from_its_keys(payload: Any, name: str) -> None:
    assert detect_schema(payload) == name


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ({}, "fits no schema"),
        ({"foo": 1}, "fits no schema"),
        ({"rank": 16, "foo": 1}, "fits no schema"),  # not only parameter names
        ([1, 2], "not a JSON object"),
        ("text", "not a JSON object"),
        ({"action": "cancel", "id": "x"}, "fits several schemas (train-action-params, model)"),
        ({"model": {}, "action": "cancel"}, "several schemas"),
    ],
)
def test_a_document_of_no_shape_or_several_is_not_guessed(payload: Any, says: str) -> None:
    found = detect_schema(payload)
    assert isinstance(found, Unrecognised)
    assert says in found.message
    assert found.message.endswith("name one with --schema")


def test_the_parameters_example_is_parameters_not_a_model() -> None:
    """The issue's case: a parameters file gave "invalid (model): 13 errors"."""
    payload = json.loads((EXAMPLES / "flux-lora-parameters.json").read_text())
    assert detect_schema(payload) == "model-parameters"


def test_parameters_are_told_by_the_one_typo_rule() -> None:
    """``--schema auto`` uses ``_typos.likely_typo``, the rule validate and the preflight use."""
    assert _parameter_typo("learningrate") == "learningRate"
    assert _parameter_typo("learning_rate") == "learningRate"
    assert _parameter_typo("maxTrainStep") == "maxTrainSteps"
    assert _parameter_typo("foo") is None


def test_an_unrecognised_document_is_a_usage_error_for_that_document() -> None:
    result = check_text('{"foo": 1}')
    assert (result.verdict, result.schema) == ("unrecognised", None)
    assert [(i.path, i.code, i.severity) for i in result.issues] == [("", "schema", "error")]
    assert not result.ok
    counted = totals(validate_lines(['{"action": "cancel"}', '{"foo": 1}']))
    assert (counted.valid, counted.unrecognised, counted.status) == (1, 1, 2)
    named = check_text('{"foo": 1}', "model-parameters")
    assert named.verdict == "valid"  # named, it is checked: an undocumented field


def test_cli_auto_tells_all_four_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream = tmp_path / "mixed.jsonl"
    documents = [PAGE_EXAMPLE, PAGE_EXAMPLE["model"], {"action": "cancel"}, TYPO]
    stream.write_text("".join(json.dumps(document) + "\n" for document in documents))
    assert main(["validate", "--format", "json", str(stream)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["schema"] for r in records] == [
        "train-action-response",
        "model",
        "train-action-params",
        "model-parameters",
    ]


def test_cli_says_when_it_cannot_tell_and_names_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.json"
    path.write_text('{"foo": 1}')
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: unrecognised: 1 error, 0 warnings"
    assert out[1].startswith("  error   (root): its shape fits no schema (a Model,")
    assert out[1].endswith("name one with --schema [schema]")
    assert out[-1] == "1 document checked: 0 valid, 0 invalid, 0 unreadable, 1 unrecognised"
    assert main(["validate", "--schema", "model-parameters", str(path)]) == 0
    capsys.readouterr()


def test_cli_an_unrecognised_document_beside_an_invalid_one_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = tmp_path / "s.jsonl"
    broken = copy.deepcopy(PAGE_EXAMPLE)
    broken["model"]["parameters"]["rank"] = 500
    stream.write_text(json.dumps(broken) + "\n" + '{"foo": 1}\n')
    assert main(["validate", str(stream)]) == 2
    assert "1 invalid, 0 unreadable, 1 unrecognised" in capsys.readouterr().out


def test_the_help_says_which_shapes_auto_knows(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "a Model, a train/action response, a train/action body or training parameters" in (
        help_text
    )
    assert "from their shape)" not in help_text


def test_cli_the_parameters_example_is_checked_as_parameters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The issue's case: it gave "invalid (model): 13 errors", all `required`."""
    path = str(EXAMPLES / "flux-lora-parameters.json")
    assert main(["validate", path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: valid (model-parameters, strict)"
