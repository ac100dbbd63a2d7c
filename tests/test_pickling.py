"""Errors and reports survive processes: each pickles and unpickles equal to itself."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

import scenario_schema as ss
from tests.conftest import PAGE_EXAMPLE


def _round_trip(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_issues_and_reports_unpickle_equal() -> None:
    report = ss.validate({"id": 1}, "model")
    assert report.issues
    assert _round_trip(report) == report
    assert _round_trip(report.issues[0]) == report.issues[0]


def test_a_contract_error_unpickles_with_its_issues_and_message() -> None:
    with pytest.raises(ss.ContractError) as caught:
        ss.load(ss.Model, {"id": 1})
    error = caught.value
    copied = _round_trip(error)
    assert type(copied) is ss.ContractError
    assert copied.issues == error.issues
    assert str(copied) == str(error)
    assert copied.args == error.args


def test_attributes_set_on_a_contract_error_survive_pickling() -> None:
    error = ss.ContractError([ss.Issue("/a", "type", "wrong")])
    error.source = "input.json"  # type: ignore[attr-defined]
    assert _round_trip(error).source == "input.json"


def test_drift_diff_and_training_reports_unpickle_equal() -> None:
    drift = ss.drift([PAGE_EXAMPLE, {"model": {"undocumented": 1}}])
    assert drift.findings
    found = ss.diff("page", "sdk-2.4")
    assert found.changes
    training = ss.check_training_parameters({"rank": 16}, "flux.1-lora")
    assert training.effective
    for report in (drift, found, training):
        assert _round_trip(report) == report


def test_a_load_failing_in_a_process_pool_arrives_as_a_contract_error() -> None:
    # spawn: no fork of the test process, whatever threads other tests left behind.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(ss.load, ss.Model, {"id": 1})
        with pytest.raises(ss.ContractError) as caught:
            future.result(timeout=120)
    assert caught.value.issues == ss.validate({"id": 1}, "model").issues
