"""Bad input gets a Report (or a ContractError from load), never a raw exception."""

from __future__ import annotations

import functools
import tracemalloc
from typing import Any

import pytest

import scenario_schema as ss
from scenario_schema._options import MAX_DEPTH

validate = functools.partial(ss.validate, revision="page")
load = functools.partial(ss.load, revision="page")
"""This module tests the page's rules: its checks name the page (the default is latest)."""

TEN_MB = 10 * 1024 * 1024


def _nested_lists(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _nested_objects(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize("payload", [[], "model", None, 42, 1.5, True, [{"id": "x"}]])
def test_top_level_non_object_gives_a_report(payload: Any, mode: Any) -> None:
    report = validate(payload, "train-action-response", mode=mode)
    assert [(issue.path, issue.code) for issue in report.issues] == [("", "type")]
    with pytest.raises(ss.ContractError):
        load(ss.TrainActionResponse, payload, mode=mode)


@pytest.mark.parametrize("build", [_nested_lists, _nested_objects])
def test_value_nested_100000_deep_in_an_object_typed_field(
    model: dict[str, Any], build: Any
) -> None:
    model["inputs"][0]["default"] = build(100_000)
    report = validate(model, "model")
    (issue,) = report.issues
    assert issue.code == "depth"
    assert issue.path.startswith("/inputs/0/default/")
    assert issue.path.count("/") == MAX_DEPTH
    with pytest.raises(ss.ContractError) as caught:
        load(ss.Model, model)
    assert caught.value.issues == report.issues


def test_value_nested_100000_deep_in_an_undocumented_field(model: dict[str, Any]) -> None:
    model["deep"] = _nested_lists(100_000)
    codes = [issue.code for issue in validate(model, "model").issues]
    assert codes == ["unknown-field", "depth"]


def test_value_nested_deep_in_a_typed_field_stops_at_the_first_wrong_level(
    model: dict[str, Any],
) -> None:
    model["tags"] = _nested_lists(100_000)
    report = validate(model, "model")
    assert [(issue.path, issue.code) for issue in report.issues] == [("/tags/0", "type")]


def test_ordinary_nesting_in_an_object_field_is_fine(model: dict[str, Any]) -> None:
    model["inputs"][0]["default"] = _nested_lists(50)
    assert validate(model, "model").ok


def test_ten_megabyte_string_gives_a_one_line_message(parameters: dict[str, Any]) -> None:
    huge = "x" * TEN_MB
    parameters["rank"] = huge
    parameters["wandbKey"] = huge
    parameters[huge] = 1  # an undocumented field with a 10 MB name
    report = validate(parameters, "model-parameters")
    assert [issue.code for issue in report.issues] == ["type", "maxLength", "unknown-field"]
    for issue in report.issues:
        assert len(issue.message) < 200
        assert len(issue.path) < 200 or issue.code == "unknown-field"


def test_ten_megabyte_string_is_checked_without_copying(model: dict[str, Any]) -> None:
    model["name"] = "n" * TEN_MB
    model["parameters"]["rank"] = "r" * TEN_MB
    tracemalloc.start()
    try:
        report = validate(model, "model")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [issue.code for issue in report.issues] == ["type"]
    assert peak < 1024 * 1024


def test_huge_integer_gives_a_readable_message(parameters: dict[str, Any]) -> None:
    parameters["rank"] = 10**5000
    (issue,) = validate(parameters, "model-parameters").issues
    assert issue.code == "maximum"
    assert "digits" in issue.message
    assert len(issue.message) < 100


def test_wide_values_are_checked(model: dict[str, Any]) -> None:
    model["tags"] = ["t"] * 200_000 + [1]
    (issue,) = validate(model, "model").issues
    assert (issue.path, issue.code) == ("/tags/200000", "type")


class _Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no repr for you")


def test_foreign_python_objects_are_reported_not_raised(model: dict[str, Any]) -> None:
    model["name"] = _Hostile()
    model["inputs"][0]["default"] = _Hostile()
    model[_Hostile()] = 1  # type: ignore[index]
    codes = [(issue.path, issue.code) for issue in validate(model, "model").issues]
    assert codes == [("/inputs/0/default", "type"), ("/name", "type"), ("", "type")]
