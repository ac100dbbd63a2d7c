"""The fast path equals the plain one on the benchmark's payloads and on their mutations.

``make bench`` times validate/load/dump on three payloads (``benchmarks/payloads.py``):
the page's example, a large response grown from it, and a 53.5 KiB response whose
free-form fields hold containers (list defaults, dict-valued ``required`` rules,
nested ``inputs``, ``uiConfig`` presets and selects). The generated checks and
loaders (``_engine``) must give exactly what the reference walker
and the cattrs converter give on each of them, on one mutation of each kind at each
place of the container response (per input type), and on the container response
disguised as mappings and subclasses.
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Callable
from typing import Any, get_args

import pytest
from benchmarks.payloads import clean_example, container_response, large_response, page_example
from scenario_sdk.types.models.train_action_response import TrainActionResponse as SdkResponse

import scenario_schema as ss
from scenario_schema import _engine as engine
from scenario_schema._mutations import Break, Mutation, breaks
from scenario_schema.literals import InputType
from tests.reference_converter import dump_object, structure_object
from tests.test_engine import (
    OPTIONS,
    _exact_all_the_way_down,
    _issues,
    disguise,
    generated,
    loading,
    reference,
)

PAYLOADS: dict[str, Callable[[], dict[str, Any]]] = {
    "page example": page_example,
    "page example, no issue": clean_example,
    "large response": large_response,
    "container response": container_response,
}

CLS = ss.TrainActionResponse
CONTAINER = container_response()


@pytest.mark.parametrize("name", PAYLOADS)
def test_every_benchmark_payload_is_valid_for_both_contracts_and_round_trips(name: str) -> None:
    payload = PAYLOADS[name]()
    assert ss.validate(payload, "train-action-response", revision="page").ok
    SdkResponse.model_validate(payload)
    assert ss.dump(ss.load(CLS, payload, revision="page")) == payload


def test_the_clean_example_is_the_tests_response_fixture(response: dict[str, Any]) -> None:
    assert clean_example() == response
    assert ss.validate(response, "train-action-response", revision="page").issues == ()


def test_the_container_response_breaks_one_prose_rule_only() -> None:
    report = ss.validate(CONTAINER, "train-action-response", revision="page")
    assert [(i.path, i.code, i.severity) for i in report.issues] == [
        ("/model/epochs", "not-applicable", "warning")
    ]


def test_the_container_response_has_the_shape_the_benchmark_names() -> None:
    model = CONTAINER["model"]
    size = len(json.dumps(CONTAINER, separators=(",", ":")).encode())
    assert 53.0 * 1024 <= size <= 54.0 * 1024
    inputs = model["inputs"]
    assert len(inputs) == 50
    assert {entry["type"] for entry in inputs} == set(get_args(InputType))
    assert all(isinstance(entry["required"], dict) for entry in inputs)
    rules = {key for entry in inputs for key in entry["required"]}
    assert rules == {"always", "ifDefined", "ifNotDefined", "conditionalValues"}
    assert all(
        isinstance(value, dict)
        for entry in inputs
        for key, value in entry["required"].items()
        if key != "always"
    )
    defaults = [entry["default"] for entry in inputs if "default" in entry]
    assert sum(isinstance(value, list) for value in defaults) >= 20
    assert any(isinstance(value, dict) for value in defaults)
    assert any(entry.get("inputs") for entry in inputs)
    assert all(isinstance(preset["presets"], dict) for preset in model["uiConfig"]["presets"])
    assert all(isinstance(select, dict) for select in model["uiConfig"]["selects"].values())
    assert len(model["trainingImages"]) == 40
    assert [len(epoch["assets"]) for epoch in model["epochs"]] == [4] * 30
    assert len(model["performanceStats"]["variants"]) == 6


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
@pytest.mark.parametrize("revision", ["page", "sdk-2.4"])
@pytest.mark.parametrize("name", PAYLOADS)
def test_fast_checks_report_what_the_walker_reports_on_every_payload(
    name: str, revision: Any, mode: Any, formats: bool
) -> None:
    payload = PAYLOADS[name]()
    expected = _issues(reference(CLS, mode, check_formats=formats, revision=revision), payload)
    fast = generated(CLS, mode, check_formats=formats, revision=revision)
    load = loading(CLS, mode, check_formats=formats, revision=revision)
    assert _issues(fast, payload) == expected
    assert _issues(load, payload) == expected


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize("name", PAYLOADS)
def test_fast_loader_and_dumper_build_what_cattrs_builds_on_every_payload(
    name: str, mode: Any
) -> None:
    payload = PAYLOADS[name]()
    out: list[Any] = []
    built = loading(CLS, mode)(payload, "", out)
    assert not [issue for issue in out if issue.severity == "error"]
    with engine.structuring():
        expected = structure_object(payload, CLS, "page")
    assert built == expected
    assert built.null_fields == expected.null_fields
    _exact_all_the_way_down(built)
    assert engine.dumper(CLS)(built) == dump_object(expected) == payload


def _input_type(payload: dict[str, Any], candidate: Break) -> str | None:
    """The type of the input a break is in (None outside the inputs)."""
    tokens = candidate.tokens
    if tokens[:2] != ("model", "inputs") or len(tokens) < 3:
        return None
    kind: str = payload["model"]["inputs"][tokens[2]]["type"]
    return kind


def _one_break_of_each_kind(payload: dict[str, Any]) -> list[Break]:
    """The first break per (path with indices starred, code, type of the input it is in)."""
    chosen: dict[tuple[str, str, str | None], Break] = {}
    for candidate in breaks(payload, CLS, "page"):  # the payloads are the page's
        within = _input_type(payload, candidate)
        chosen.setdefault(
            (re.sub(r"/\d+", "/*", candidate.path), candidate.code, within), candidate
        )
    return list(chosen.values())


CONTAINER_BREAKS = _one_break_of_each_kind(CONTAINER)


@functools.cache
def _container_mutations() -> list[Mutation]:
    """The broken copies, made once for every mode."""
    return [candidate.apply(CONTAINER) for candidate in CONTAINER_BREAKS]


def test_the_container_breaks_reach_every_input_type_and_free_form_field() -> None:
    kinds = {(_input_type(CONTAINER, b) is not None, b.code) for b in CONTAINER_BREAKS}
    assert (True, "not-finite") in kinds  # a NaN inside a free-form value of an input
    places = {re.sub(r"/\d+", "/*", b.path) for b in CONTAINER_BREAKS}
    assert {
        "/model/inputs/*/default/*",
        "/model/inputs/*/required/ifDefined/*",
        "/model/inputs/*/required/ifNotDefined/*",
        "/model/inputs/*/required/conditionalValues/*",
        "/model/inputs/*/inputs/*",
        "/model/uiConfig/presets/*/presets/*",
    } <= places
    typed = {_input_type(CONTAINER, b) for b in CONTAINER_BREAKS} - {None}
    assert typed == set(get_args(InputType))


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
def test_every_kind_of_mutation_of_the_container_response_gets_the_walkers_issues(
    mode: Any, formats: bool
) -> None:
    page: Any = "page"  # the container's breaks are the page's (_one_break_of_each_kind)
    walker = reference(CLS, mode, check_formats=formats, revision=page)
    fast = generated(CLS, mode, check_formats=formats, revision=page)
    load = loading(CLS, mode, check_formats=formats, revision=page)
    for mutation in _container_mutations():
        expected = _issues(walker, mutation.payload)
        assert _issues(fast, mutation.payload) == expected, mutation.path
        assert _issues(load, mutation.payload) == expected, mutation.path
        if mode == "strict":
            assert (mutation.path, mutation.code, "error") in {
                (issue.path, issue.code, issue.severity) for issue in expected
            }
            with pytest.raises(ss.ContractError) as caught:
                ss.load(CLS, mutation.payload, mode=mode, check_formats=formats, revision=page)
            assert list(caught.value.issues) == expected


@pytest.mark.parametrize("seed", range(4))
def test_the_container_response_disguised_checks_and_loads_as_itself(seed: int) -> None:
    disguised = disguise(CONTAINER, random.Random(seed))
    options: list[tuple[Any, bool]] = OPTIONS
    for mode, formats in options:
        expected = _issues(reference(CLS, mode, check_formats=formats), CONTAINER)
        assert _issues(reference(CLS, mode, check_formats=formats), disguised) == expected
        assert _issues(generated(CLS, mode, check_formats=formats), disguised) == expected
        assert _issues(loading(CLS, mode, check_formats=formats), disguised) == expected
    loaded = ss.load(CLS, disguised)
    _exact_all_the_way_down(loaded)
    assert loaded == ss.load(CLS, CONTAINER)
    assert ss.dump(loaded) == CONTAINER
