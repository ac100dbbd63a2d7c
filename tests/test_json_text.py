"""validate_json and load_json: JSON text in, decoded as the command line decodes it."""

from __future__ import annotations

import json
from typing import Any

import pytest

import scenario_schema as ss
from scenario_schema.cli._batch import check_text
from tests.conftest import PAGE_EXAMPLE

_TEXT = json.dumps(PAGE_EXAMPLE)


def _found(report: ss.Report) -> list[tuple[str, str]]:
    return [(issue.path, issue.code) for issue in report.issues]


@pytest.mark.parametrize("data", [_TEXT, _TEXT.encode(), bytearray(_TEXT.encode())])
def test_validate_json_reports_what_validate_reports_on_the_decoded_text(data: Any) -> None:
    assert ss.validate_json(data, "train-action-response") == ss.validate(
        PAGE_EXAMPLE, "train-action-response"
    )


def test_load_json_builds_what_load_builds(model: dict[str, Any]) -> None:
    text = json.dumps(model)
    assert ss.load_json(ss.Model, text) == ss.load(ss.Model, model)
    assert ss.dump(ss.load_json(ss.Model, text.encode())) == model


def test_malformed_text_is_one_issue_at_the_root_never_an_exception() -> None:
    report = ss.validate_json('{"action": "cancel",\n  "originalAssets": }', "train-action-params")
    (issue,) = report.issues
    assert (issue.path, issue.code, issue.severity) == ("", "json", "error")
    assert issue.message.startswith("malformed JSON at line 2 column 21: Expecting value")


def test_load_json_refuses_malformed_text_with_the_same_issue() -> None:
    with pytest.raises(ss.ContractError) as caught:
        ss.load_json(ss.TrainActionParams, "{")
    assert [(i.path, i.code) for i in caught.value.issues] == [("", "json")]


@pytest.mark.parametrize(
    "data",
    [
        b'{"action": "cancel", "x": "\xff"}',
        '{"action": "cancel"}'.encode("utf-16"),
        b"\xc3",
    ],
    ids=["invalid-byte", "utf-16", "truncated"],
)
def test_bytes_that_are_not_utf8_are_a_malformed_json_issue(data: bytes) -> None:
    (issue,) = ss.validate_json(data, "train-action-params").issues
    assert (issue.path, issue.code) == ("", "json")
    assert issue.message.startswith("not UTF-8: ")
    assert "\n" not in issue.message
    with pytest.raises(ss.ContractError):
        ss.load_json(ss.TrainActionParams, data)


def test_nan_and_infinity_tokens_are_reported_at_their_field() -> None:
    text = '{"learningRate": NaN, "rank": Infinity, "seed": -Infinity}'
    report = ss.validate_json(text, "model-parameters")
    assert _found(report) == [
        ("/learningRate", "not-finite"),
        ("/rank", "not-finite"),
        ("/seed", "not-finite"),
    ]


def test_a_key_given_twice_keeps_its_last_value() -> None:
    assert ss.validate_json('{"rank": 1, "rank": 16}', "model-parameters").ok
    assert ss.load_json(ss.ModelParameters, '{"rank": 1, "rank": 16}').rank == 16
    report = ss.validate_json('{"rank": 16, "rank": 1}', "model-parameters")
    assert _found(report) == [("/rank", "minimum")]


def test_text_nested_too_deep_to_decode_reports_depth_where_validate_would() -> None:
    def nested(levels: int) -> str:
        return '{"deep": ' + "[" * levels + "]" * levels + "}"

    report = ss.validate_json(nested(100_000), "model-parameters")
    assert report == ss.validate(json.loads(nested(200)), "model-parameters")
    assert "depth" in [issue.code for issue in report.errors]


def test_messages_stay_one_bounded_line_for_huge_input() -> None:
    huge = '{"action": "' + "x" * 1_000_000
    (issue,) = ss.validate_json(huge, "train-action-params").issues
    assert "\n" not in issue.message
    assert len(issue.message) < 200
    (issue,) = ss.validate_json("1" * 10_000, "train-action-params").issues
    assert issue.code == "json"
    assert len(issue.message) < 200


@pytest.mark.parametrize(
    "text",
    [
        '{"action": NaN}',
        '{"action": "cancel", "action": 3}',
        '{"action": ',
        "[" * 50_000,
        '{"action": "pause"}',
        "9" * 5000,
    ],
)
def test_the_command_line_and_validate_json_decode_alike(text: str) -> None:
    """One decoding function serves both, so their issues are the same."""
    result = check_text(text, "train-action-params")
    report = ss.validate_json(text, "train-action-params")
    assert report.issues == result.issues


def test_keywords_are_those_of_validate_and_load(model: dict[str, Any]) -> None:
    model["type"] = "flux.3-lora"
    model["createdAt"] = "yesterday"
    text = json.dumps(model)
    # The page's example: under the page, its one error (the default, latest, also warns
    # of its conditionalValues).
    assert _found(ss.validate_json(text, "model", revision="page")) == [("/type", "enum")]
    lenient = ss.validate_json(text, ss.Model, mode="lenient", check_formats=True)
    assert lenient == ss.validate(model, ss.Model, mode="lenient", check_formats=True)
    assert {("/createdAt", "format"), ("/type", "unknown-enum")} <= set(_found(lenient))
    with pytest.raises(ss.ContractError):
        ss.load_json(ss.Model, text, mode="lenient", check_formats=True)
    assert str(ss.load_json(ss.Model, text, mode="lenient").type) == "flux.3-lora"


def test_usage_errors_are_raised_even_for_malformed_text() -> None:
    with pytest.raises(ValueError, match="unknown schema"):
        ss.validate_json("{", "modle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode must be"):
        ss.validate_json("{", "model", mode="loose")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode must be"):
        ss.load_json(ss.Model, "{", mode="loose")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="contract class"):
        ss.load_json(dict, "{}")  # type: ignore[type-var]


@pytest.mark.parametrize("data", [{"action": "cancel"}, None, memoryview(b"{}")])
def test_anything_but_text_is_a_usage_error(data: Any) -> None:
    with pytest.raises(TypeError, match="validate_json\\(\\) takes JSON text"):
        ss.validate_json(data, "train-action-params")
    with pytest.raises(TypeError, match="load_json\\(\\) takes JSON text"):
        ss.load_json(ss.TrainActionParams, data)
